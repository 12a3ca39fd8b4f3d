package io.dtlskit.internal;

import io.dtlskit.PskStore;
import io.dtlskit.ServerHandler;
import io.dtlskit.ServerListener;

import java.time.Duration;

/**
 * A server's settings once started, as its dispatcher and sessions read them.
 *
 * @param cidLength  RFC 9146 Connection ID length, 0 for none
 * @param resumption session IDs and a session cache bounded by {@code sessionCacheSize} and
 *                   {@code sessionLifetime} (RFC 5246 §7.3)
 * @param peerAuth   certificate and raw-key settings, null for PSK only
 */
public record ServerOptions(Settings settings, PskStore pskStore, String identityHint, Duration idleTimeout,
                            int maxAssociations, int maxHandshakes, int maxDatagram, ServerHandler handler,
                            ServerListener listener, int cidLength, boolean resumption, int sessionCacheSize,
                            Duration sessionLifetime, PeerAuth peerAuth) {
}
