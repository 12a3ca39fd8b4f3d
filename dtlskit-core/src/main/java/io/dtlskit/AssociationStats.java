package io.dtlskit;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of one association's counters.
 *
 * @param cipherSuite     negotiated suite, or null before the handshake completes
 * @param handshakeTime   null before the handshake completes
 * @param lastRoundTrip   time from the last answered ping to its reply, or null
 * @param medianRoundTrip median over the most recent answered pings (up to 256), or null
 * @param dropped         datagrams dropped before the engine, by reason (only non-zero entries)
 */
public record AssociationStats(String association, AssociationState state, String cipherSuite,
                               Duration handshakeTime, int retransmissions, long pingsSent, long repliesReceived,
                               long datagramsSent, long datagramsReceived, long bytesSent, long bytesReceived,
                               Map<DropReason, Long> dropped, Duration lastRoundTrip, Duration medianRoundTrip) {
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
