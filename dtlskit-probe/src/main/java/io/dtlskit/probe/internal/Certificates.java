package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.TlsUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Summaries of the server's Certificate message (RFC 5246 §7.4.2: a list of opaque24 DER
 * certificates; RFC 7250 §3: a single opaque24 SubjectPublicKeyInfo for a raw public key), parsed
 * with the JDK's X.509 classes. Nothing here is validated: the probe reports, it does not trust.
 */
final class Certificates {
    private Certificates() {
    }

    static List<ProbeReport.CertificateSummary> chain(byte[] certificateMessage) {
        List<ProbeReport.CertificateSummary> out = new ArrayList<>();
        try {
            ByteArrayInputStream list = new ByteArrayInputStream(TlsUtils.readOpaque24(new ByteArrayInputStream(certificateMessage)));
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (list.available() > 0 && out.size() < 10) {
                byte[] der = TlsUtils.readOpaque24(list);
                X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
                out.add(new ProbeReport.CertificateSummary(c.getSubjectX500Principal().getName(),
                        c.getIssuerX500Principal().getName(), c.getNotBefore().toInstant().toString(),
                        c.getNotAfter().toInstant().toString(), c.getPublicKey().getAlgorithm(), bits(c.getPublicKey()),
                        c.getSigAlgName(), sha256(der)));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            // A malformed chain ends the list where it broke; the report shows what parsed.
        }
        return out;
    }

    /**
     * "EC 256 bits, SHA256:<hex>" for a raw public key's SubjectPublicKeyInfo, or null: the
     * fingerprint in the form dtlskit's {@code --server-pubkey} pins take (SHA-256 of the DER SPKI).
     */
    static String rawPublicKey(byte[] certificateMessage) {
        try {
            byte[] spki = TlsUtils.readOpaque24(new ByteArrayInputStream(certificateMessage));
            for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
                try {
                    PublicKey k = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
                    return k.getAlgorithm() + " " + bits(k) + " bits, " + spkiFingerprint(spki);
                } catch (java.security.spec.InvalidKeySpecException e) {
                    // try the next algorithm
                }
            }
            return "unknown key type, " + spkiFingerprint(spki);
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    static int bits(PublicKey k) {
        if (k instanceof RSAPublicKey r) {
            return r.getModulus().bitLength();
        }
        if (k instanceof ECPublicKey e) {
            return e.getParams().getCurve().getField().getFieldSize();
        }
        return "Ed25519".equalsIgnoreCase(k.getAlgorithm()) || "EdDSA".equalsIgnoreCase(k.getAlgorithm()) ? 255 : 0;
    }

    static String spkiFingerprint(byte[] spki) throws NoSuchAlgorithmException {
        return "SHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    static String sha256(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
