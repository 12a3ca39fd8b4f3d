package io.dtlskit.internal;

import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * What every association of one client shares: settings, the reactor, the crypto provider, the key log,
 * and the sessions to resume (null unless resumption is on).
 */
public record ClientContext(ClientOptions options, Reactor reactor, TlsCrypto crypto, KeyLog keyLog,
                            PeerSettings peerSettings, SessionCache<SessionKey> sessions) {
    /** What a cached session belongs to: resuming it towards another server or identity is wrong. */
    public record SessionKey(java.net.InetSocketAddress server, String identity) {
    }
}
