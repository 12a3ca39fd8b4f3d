package io.dtlskit;

import java.util.Map;

/** A snapshot of a server's counters. */
public record ServerStats(boolean listening, int associations, int handshakesInProgress, long datagramsReceived,
                          long datagramsSent, long helloVerifyRequestsSent, long handshakesCompleted,
                          long handshakesFailed, Map<DropReason, Long> dropped) {
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
