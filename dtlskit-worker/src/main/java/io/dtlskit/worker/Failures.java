package io.dtlskit.worker;

import io.dtlskit.AlertException;
import io.dtlskit.AssociationClosedException;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.SendResult;
import io.dtlskit.TransportException;

import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The error text a failed request is reported with. Locust shows one failure row per distinct text
 * (summed over all workers), so the text names the reason (timeout, alert, refused, ...) and what
 * decides it, but never the association or an address: ten thousand devices timing out the same way
 * are one row with ten thousand occurrences.
 */
final class Failures {
    private Failures() {
    }

    /** Why a handshake failed; {@code portUnreachable}: an ICMP port unreachable arrived meanwhile. */
    static String handshake(Throwable t, boolean portUnreachable) {
        Throwable cause = unwrap(t);
        if (portUnreachable && !(cause instanceof AlertException)) {
            // RFC 1122 §4.1.3.1: ICMP port unreachable means nothing listens there: the UDP "connection refused".
            return "refused: ICMP port unreachable (no DTLS server listening at that address)";
        }
        return switch (cause) {
            case HandshakeTimeoutException h -> "timeout: no handshake after " + seconds(h.timeout())
                    + ", last step: " + h.lastStep();
            case AlertException a -> "alert: " + a.description()
                    + (a.receivedFromPeer() ? " from the server" : " raised by the client");
            case TransportException x when x.getCause() instanceof PortUnreachableException ->
                    "refused: ICMP port unreachable (no DTLS server listening at that address)";
            case TransportException x -> "transport: " + (x.getCause() != null
                    ? x.getCause().getClass().getSimpleName() : "socket error");
            case AssociationClosedException c -> "closed: the association ended before the handshake completed";
            case null -> "unknown";
            default -> "error: " + cause.getClass().getSimpleName();
        };
    }

    /** Why an echo failed: no reply in time, or the association failed underneath it. */
    static String echo(Throwable t) {
        Throwable cause = unwrap(t);
        return switch (cause) {
            case AlertException a -> "alert: " + a.description()
                    + (a.receivedFromPeer() ? " from the server" : " raised by the client");
            case AssociationClosedException c -> "closed: the association ended before the reply";
            case TransportException x -> "transport: " + (x.getCause() != null
                    ? x.getCause().getClass().getSimpleName() : "socket error");
            case null -> "unknown";
            default -> "error: " + cause.getClass().getSimpleName();
        };
    }

    /** The socket or the association refused the echo (the library's send outcome, never an exception). */
    static String echoNotSent(SendResult result) {
        return switch (result.status()) {
            case REFUSED_BY_SOCKET -> "refused: the worker's socket had no buffer space (worker overloaded)";
            case NOT_ENCRYPTED -> "closed: the association ended before the echo";
            case TOO_LARGE -> "error: echo larger than one record";
            case FAILED -> "transport: the socket failed";
            case ACCEPTED -> "accepted";
        };
    }

    static String echoTimeout(Duration timeout) {
        return "timeout: no echo reply within " + seconds(timeout);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
