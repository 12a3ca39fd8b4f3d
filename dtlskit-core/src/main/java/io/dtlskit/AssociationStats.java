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
 * @param fullHandshake   the last full handshake's time, or null if none completed
 * @param resumedHandshake the last abbreviated (resumed) handshake's time, or null if none completed
 */
public record AssociationStats(String association, AssociationState state, String cipherSuite,
                               Duration handshakeTime, int retransmissions, long pingsSent, long repliesReceived,
                               long datagramsSent, long datagramsReceived, long bytesSent, long bytesReceived,
                               Map<DropReason, Long> dropped, Duration lastRoundTrip, Duration medianRoundTrip,
                               Duration fullHandshake, Duration resumedHandshake) {
    /** Without separate full and resumed handshake times. */
    public AssociationStats(String association, AssociationState state, String cipherSuite, Duration handshakeTime,
                            int retransmissions, long pingsSent, long repliesReceived, long datagramsSent,
                            long datagramsReceived, long bytesSent, long bytesReceived, Map<DropReason, Long> dropped,
                            Duration lastRoundTrip, Duration medianRoundTrip) {
        this(association, state, cipherSuite, handshakeTime, retransmissions, pingsSent, repliesReceived, datagramsSent,
                datagramsReceived, bytesSent, bytesReceived, dropped, lastRoundTrip, medianRoundTrip, handshakeTime, null);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
