package io.dtlskit.internal;

import org.bouncycastle.tls.crypto.TlsCrypto;

/** What every association of one client shares: settings, the reactor, the crypto provider, the key log. */
public record ClientContext(ClientOptions options, Reactor reactor, TlsCrypto crypto, KeyLog keyLog,
                            PeerSettings peerSettings) {
}
