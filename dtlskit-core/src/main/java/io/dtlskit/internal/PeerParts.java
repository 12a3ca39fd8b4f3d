package io.dtlskit.internal;

import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * What {@link ClientPeer} and {@link ServerPeer} are both built from, made before their Bouncy Castle
 * super constructor runs (that constructor needs the association's crypto, which watches for a
 * renegotiation). The two peers extend different Bouncy Castle classes, so they share this rather than
 * a base class.
 *
 * @param renegotiation the association's renegotiation policy (RFC 5746)
 * @param policy        what every peer does the same way (versions, suites, timers, alerts, key log)
 * @param sharedCrypto  the endpoint's shared crypto provider: kept sessions are adopted by it
 */
record PeerParts(Renegotiation renegotiation, PeerPolicy policy, TlsCrypto sharedCrypto) {
    static <C extends PeerPolicy.Alerts & Renegotiation.Listener> PeerParts of(boolean server, TlsCrypto crypto,
            PeerSettings settings, C callbacks) {
        return new PeerParts(new Renegotiation(server, callbacks), new PeerPolicy(settings, callbacks), crypto);
    }

    /** The association's own crypto, with the shared provider's randomness (see {@link Renegotiation#crypto}). */
    TlsCrypto associationCrypto() {
        return renegotiation.crypto(sharedCrypto.getSecureRandom());
    }
}
