package io.dtlskit;

import java.time.Duration;

/**
 * No handshake within the configured total timeout. Qt retransmits forever (docs/qt-compatibility.md §2); we give
 * up and say how far the handshake got, which usually tells why: no answer at all means no server
 * (or a firewall); silence after the PSK was used means the server could not verify our Finished,
 * which with PSK almost always means a wrong key or identity, since DTLS peers drop records whose
 * MAC fails instead of sending an alert (RFC 6347 §4.1.2.7).
 */
public final class HandshakeTimeoutException extends DtlsException {
    private final Duration timeout;
    private final int retransmissions;
    private final String lastStep;

    public HandshakeTimeoutException(String association, Duration timeout, int retransmissions, String lastStep,
                                     String hint) {
        super(association, association + ": handshake timed out after " + seconds(timeout) + " and "
                + retransmissions + " retransmission" + (retransmissions == 1 ? "" : "s") + ", last step: " + lastStep
                + (hint == null ? "" : " (" + hint + ")"), null);
        this.timeout = timeout;
        this.retransmissions = retransmissions;
        this.lastStep = lastStep;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    public Duration timeout() {
        return timeout;
    }

    public int retransmissions() {
        return retransmissions;
    }

    /** The furthest handshake step reached, e.g. {@code ClientHello sent} or {@code PSK provided}. */
    public String lastStep() {
        return lastStep;
    }
}
