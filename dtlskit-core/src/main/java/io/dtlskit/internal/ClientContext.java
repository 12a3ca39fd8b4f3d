package io.dtlskit.internal;

import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * What every association of one client shares: settings, the reactor, the crypto provider, the key log,
 * the sessions to resume (null unless resumption is on), and the certificate settings ({@code peerAuth},
 * null for PSK only).
 */
public record ClientContext(ClientOptions options, Reactor reactor, TlsCrypto crypto, KeyLog keyLog,
                            PeerSettings peerSettings, SessionCache<SessionKey> sessions, PeerAuth peerAuth) {
    /** What a cached session belongs to: resuming it towards another server or identity is wrong. */
    public record SessionKey(java.net.InetSocketAddress server, String identity) {
    }
}
