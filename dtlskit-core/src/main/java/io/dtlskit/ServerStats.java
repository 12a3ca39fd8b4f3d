package io.dtlskit;

import java.util.Map;

/**
 * A snapshot of a server's counters.
 *
 * @param handshakesResumed      completed handshakes that resumed a cached session (RFC 5246 §7.3)
 * @param peersMoved             times an association followed its peer to a new address (RFC 9146 §6)
 * @param amplificationWithheld  datagrams not sent to a moved peer's new address because it had not yet
 *                               sent us as many bytes (no amplification towards an unverified address)
 * @param sessionsCached         sessions held for resumption now (bounded by the server's session cache)
 */
public record ServerStats(boolean listening, int associations, int handshakesInProgress, long datagramsReceived,
                          long datagramsSent, long helloVerifyRequestsSent, long handshakesCompleted,
                          long handshakesFailed, Map<DropReason, Long> dropped, long handshakesResumed,
                          long peersMoved, long amplificationWithheld, int sessionsCached) {
    public ServerStats(boolean listening, int associations, int handshakesInProgress, long datagramsReceived,
                       long datagramsSent, long helloVerifyRequestsSent, long handshakesCompleted,
                       long handshakesFailed, Map<DropReason, Long> dropped) {
        this(listening, associations, handshakesInProgress, datagramsReceived, datagramsSent, helloVerifyRequestsSent,
                handshakesCompleted, handshakesFailed, dropped, 0, 0, 0, 0);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
