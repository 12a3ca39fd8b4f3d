package io.dtlskit;

import java.net.InetSocketAddress;
import java.time.Instant;

/** A server's view of one client, for tables. {@code identity} and {@code cipherSuite} may be null. */
public record PeerInfo(InetSocketAddress address, AssociationState state, String identity, String cipherSuite,
                       long datagramsIn, long datagramsOut, Instant lastSeen) {
}
