package io.dtlskit.app;

import io.dtlskit.PeerIdentity;

import java.util.LinkedHashMap;
import java.util.Map;

/** A peer identity as flat fields for JSON: type, subject, issuer, validity, key type, fingerprints. */
final class PeerFields {
    private PeerFields() {
    }

    static Map<String, Object> of(PeerIdentity peer) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (peer) {
            case PeerIdentity.Psk p -> {
                m.put("type", "psk");
                m.put("identity", p.describe());
            }
            case PeerIdentity.Certificate c -> {
                m.put("type", "x509");
                m.put("subject", c.subject());
                m.put("issuer", c.issuer());
                m.put("notBefore", c.notBefore());
                m.put("notAfter", c.notAfter());
                m.put("keyType", c.keyType());
                m.put("sha256", c.fingerprint());
                m.put("chainLength", c.chain().size());
            }
            case PeerIdentity.RawPublicKey k -> {
                m.put("type", "raw-public-key");
                m.put("keyType", k.keyType());
                m.put("sha256", k.fingerprint());
            }
            case PeerIdentity.Anonymous a -> m.put("type", "none");
        }
        return m;
    }
}
