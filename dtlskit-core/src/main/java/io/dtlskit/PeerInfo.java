package io.dtlskit;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A server's view of one client, for tables. {@code identity}, {@code cipherSuite} and {@code serverName}
 * (the host name the client sent as SNI, RFC 6066 §3, inert text) may be null.
 */
public record PeerInfo(InetSocketAddress address, AssociationState state, String identity, String cipherSuite,
                       long datagramsIn, long datagramsOut, Instant lastSeen, String serverName) {
    /** Without a server name. */
    public PeerInfo(InetSocketAddress address, AssociationState state, String identity, String cipherSuite,
                    long datagramsIn, long datagramsOut, Instant lastSeen) {
        this(address, state, identity, cipherSuite, datagramsIn, datagramsOut, lastSeen, null);
    }
}
