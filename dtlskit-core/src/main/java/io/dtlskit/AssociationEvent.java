package io.dtlskit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything that happens to a client association, as immutable values. Each event has the Qt
 * example's text where Qt has one (docs/qt-compatibility.md §2), so a printer or window that shows
 * {@link #message()} by {@link #level()} shows what Qt shows; the typed fields serve tools.
 *
 * <p>Events of one association are delivered one at a time, in order, from that association's own
 * thread.
 */
public sealed interface AssociationEvent {
    /** When it happened (the client's clock). */
    Instant time();

    /** The association's name, e.g. {@code Alice (clone number 0)}. */
    String association();

    EventLevel level();

    /** The human text, prefixed with the association's name like Qt's messages. */
    String message();

    /** A short stable name for machines (JSON {@code event} field). */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** A Qt info line with no finer meaning, e.g. {@code connecting UDP socket first ...}. */
    record Info(Instant time, String association, String text) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": " + text; }
    }

    /** A Qt warning with no finer meaning, e.g. {@code zero-length datagram received?}. */
    record Warning(Instant time, String association, String text) implements AssociationEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() { return association + ": " + text; }
    }

    /** The first flight (ClientHello) is about to go out. */
    record HandshakeStarted(Instant time, String association, InetSocketAddress server) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": starting a handshake"; }
    }

    /** A handshake datagram arrived and the handshake goes on. */
    record HandshakeContinued(Instant time, String association, int bytes) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": continuing with handshake ..."; }
    }

    /** The server sent a PSK identity hint (Qt ignores it; we show it). */
    record IdentityHint(Instant time, String association, String hint) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": server identity hint '" + hint + "'"; }
    }

    /**
     * The server presented a certificate or raw public key (before it is verified; a rejection follows
     * as {@link Failed}). The message shows subject, issuer, validity, key type and SHA-256 fingerprint.
     */
    record PeerCertificate(Instant time, String association, PeerIdentity identity) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": server presented " + identity; }
    }

    /** The engine asked for the PSK; {@code identity} is what we send (the key is never in an event). */
    record PskProvided(Instant time, String association, String identity) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": providing pre-shared key ..."; }
    }

    /**
     * A flight was not answered within {@code timeout} and is sent again: attempt 1 is the first
     * retransmission. RFC 6347 §4.2.4 timers: 1 s doubling to a 60 s cap.
     */
    record Retransmission(Instant time, String association, int attempt, Duration timeout) implements AssociationEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() { return association + ": handshake timeout, trying to re-transmit"; }
    }

    /** The handshake is complete; application data may flow. */
    record HandshakeCompleted(Instant time, String association, HandshakeResult result) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return association + ": encrypted connection established!"; }
    }

    /**
     * With session resumption on: whether this handshake resumed a cached session (an abbreviated
     * handshake, RFC 5246 §7.3) or was a full one, and why.
     */
    record Resumption(Instant time, String association, boolean resumed, Duration elapsed, String detail)
            implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return association + (resumed ? ": session resumed (abbreviated handshake, " : ": full handshake ("
                    + detail + ", ") + elapsed.toMillis() + " ms)";
        }
    }

    /** The association's socket moved to a new local port (as a NAT rebinding does). */
    record Rebound(Instant time, String association, InetSocketAddress from, InetSocketAddress to, boolean connectionId)
            implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return association + ": moved from local port " + from.getPort() + " to " + to.getPort()
                    + (connectionId ? " (the connection ID keeps the association)" : " (no connection ID: the server "
                    + "cannot recognise us there)");
        }
    }

    /** A keep-alive ping (see {@code DtlsClient.Builder.keepAlive}) was encrypted and sent; {@code text} is its payload as Latin-1. */
    record PingSent(Instant time, String association, long number, String text) implements AssociationEvent {
        public EventLevel level() { return EventLevel.DEBUG; }
        public String message() { return association + ": sent ping " + number; }
    }

    /** A UDP datagram left the socket (any content type). */
    record DatagramSent(Instant time, String association, int bytes) implements AssociationEvent {
        public EventLevel level() { return EventLevel.DEBUG; }
        public String message() { return association + ": datagram sent, " + bytes + " bytes"; }
    }

    /** A UDP datagram arrived from the server (before decryption). */
    record DatagramReceived(Instant time, String association, int bytes) implements AssociationEvent {
        public EventLevel level() { return EventLevel.DEBUG; }
        public String message() { return association + ": datagram received, " + bytes + " bytes"; }
    }

    /**
     * Decrypted application data from the server: Qt's {@code serverResponse(name, datagram,
     * plaintext)}. {@code datagram} is the whole encrypted datagram as it arrived; {@code roundTrip} is
     * the time since the keep-alive ping this record answers, or null if no ping was waiting. The same
     * data also goes to the association's {@link DataHandler} (or {@code receive}).
     */
    record ServerResponse(Instant time, String association, byte[] datagram, byte[] plaintext, Duration roundTrip)
            implements AssociationEvent {
        public EventLevel level() { return EventLevel.DATA; }
        public String message() { return association + " received a DTLS datagram: " + plaintextText(); }
        /** The plaintext as Latin-1 text, as Qt decodes it. */
        public String plaintextText() { return new String(plaintext, StandardCharsets.ISO_8859_1); }
    }

    /**
     * The server sent no RFC 5746 renegotiation_info: accepted, since dtlskit never renegotiates.
     * Reported once per association.
     */
    record NoSecureRenegotiation(Instant time, String association) implements AssociationEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return association + ": server does not support secure renegotiation (RFC 5746), accepted: "
                    + "dtlskit never renegotiates";
        }
    }

    /** The server asked to renegotiate (HelloRequest); refused, and the association carries on. */
    record RenegotiationRefused(Instant time, String association, boolean alertSent) implements AssociationEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() {
            return association + ": server asked to renegotiate, refused"
                    + (alertSent ? " with a no_renegotiation warning" : " (ignored, no alert could be sent)")
                    + "; the association carries on";
        }
    }

    /**
     * An alert arrived from the server. close_notify carries Qt's text
     * {@code shutdown alert received}; a fatal alert is followed by {@link Failed}.
     */
    record AlertReceived(Instant time, String association, boolean fatal, String description) implements AssociationEvent {
        public EventLevel level() {
            return fatal || "close_notify".equals(description) ? EventLevel.ERROR : EventLevel.WARNING;
        }
        public String message() {
            return "close_notify".equals(description)
                    ? association + ": shutdown alert received"
                    : association + ": " + (fatal ? "fatal" : "warning") + " alert received: " + description;
        }
    }

    /**
     * The association was lost (handshake failed, the server stopped answering pings, or it sent
     * close_notify) and will handshake again after {@code delay} from the same local port.
     */
    record Reconnecting(Instant time, String association, int attempt, Duration delay, String reason)
            implements AssociationEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() {
            return association + ": reconnecting in " + delay.toMillis() + " ms (attempt " + attempt + ")";
        }
    }

    /** The association failed; {@code cause} says why. Qt's error texts where Qt has one. */
    record Failed(Instant time, String association, DtlsException cause) implements AssociationEvent {
        public EventLevel level() { return EventLevel.ERROR; }
        public String message() { return cause.getMessage(); }
    }

    /** The association ended and its socket is closed. Always the last event. */
    record Closed(Instant time, String association, AssociationState finalState, String reason) implements AssociationEvent {
        public EventLevel level() { return EventLevel.DEBUG; }
        public String message() { return association + ": closed (" + reason + ")"; }
    }
}
