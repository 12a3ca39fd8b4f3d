package io.dtlskit;

import io.dtlskit.internal.Addresses;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Everything that happens on a {@link DtlsServer}, with the Qt server's texts (docs/qt-compatibility.md §4).
 * {@link #peer()} is null for server-wide events.
 */
public sealed interface ServerEvent {
    Instant time();

    InetSocketAddress peer();

    EventLevel level();

    String message();

    default String kind() {
        return getClass().getSimpleName();
    }

    record Listening(Instant time, InetSocketAddress address) implements ServerEvent {
        public InetSocketAddress peer() { return null; }
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return "Server is listening on address " + Addresses.host(address.getAddress()) + " and port " + address.getPort();
        }
    }

    record NotAccepting(Instant time) implements ServerEvent {
        public InetSocketAddress peer() { return null; }
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return "Server is not accepting new connections"; }
    }

    /** A first ClientHello was answered with a HelloVerifyRequest (RFC 6347 §4.2.1); no state kept. */
    record HelloVerifySent(Instant time, InetSocketAddress peer) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return Addresses.peerInfo(peer) + ": not verified yet"; }
    }

    record PeerVerified(Instant time, InetSocketAddress peer) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return Addresses.peerInfo(peer) + ": verified, starting a handshake"; }
    }

    record HandshakeProgress(Instant time, InetSocketAddress peer) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return Addresses.peerInfo(peer) + ": handshake is in progress ..."; }
    }

    record PskIdentity(Instant time, InetSocketAddress peer, String identity) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return "PSK callback, received a client's identity: '" + identity + "'"; }
    }

    /** A client presented a certificate or raw public key (or an empty certificate when asked). */
    record PeerCertificate(Instant time, InetSocketAddress peer, PeerIdentity identity) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return Addresses.peerInfo(peer) + ": client presented " + identity; }
    }

    /**
     * The client asked for this host name in its server_name extension (RFC 6066 §3); sent before
     * {@link PeerEncrypted}. {@code name} is inert text: ASCII, control characters escaped.
     */
    record ServerNameReceived(Instant time, InetSocketAddress peer, String name) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return Addresses.peerInfo(peer) + ": client asked for server name '" + name + "' (SNI)"; }
    }

    /** {@code cipher} is the OpenSSL name, as Qt prints it. */
    record PeerEncrypted(Instant time, InetSocketAddress peer, String cipherSuite, String cipher) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return "Connection with " + Addresses.peerInfo(peer) + " encrypted. Session cipher: " + cipher
                    + "; session protocol: DTLS 1.2.";
        }
    }

    /** Decrypted application data: Qt's {@code datagramReceived(peerInfo, cipherText, plainText)}. */
    record MessageReceived(Instant time, InetSocketAddress peer, byte[] datagram, byte[] plaintext) implements ServerEvent {
        public EventLevel level() { return EventLevel.DATA; }
        public String message() { return "A message from " + Addresses.peerInfo(peer) + ": " + plaintextText(); }
        public String plaintextText() { return new String(plaintext, StandardCharsets.ISO_8859_1); }
    }

    record EmptyDatagram(Instant time, InetSocketAddress peer) implements ServerEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() { return Addresses.peerInfo(peer) + ": 0 byte dgram, could be a re-connect attempt?"; }
    }

    /** A known peer sent a fresh, verified ClientHello: it lost its state (RFC 6347 §4.2.8). */
    record PeerReplaced(Instant time, InetSocketAddress peer) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return Addresses.peerInfo(peer) + ": new handshake from a known address, old association dropped";
        }
    }

    /**
     * The client sent neither the RFC 5746 extension nor the SCSV: accepted, since dtlskit never
     * renegotiates. Reported once per association.
     */
    record NoSecureRenegotiation(Instant time, InetSocketAddress peer) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return Addresses.peerInfo(peer) + ": client does not support secure renegotiation (RFC 5746), accepted: "
                    + "dtlskit never renegotiates";
        }
    }

    /** The client sent a ClientHello on its established association; refused, and it carries on. */
    record RenegotiationRefused(Instant time, InetSocketAddress peer, boolean alertSent) implements ServerEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() {
            return Addresses.peerInfo(peer) + ": client asked to renegotiate, refused"
                    + (alertSent ? " with a no_renegotiation warning" : " (ignored, no alert could be sent)")
                    + "; the association carries on";
        }
    }

    /**
     * A peer with a Connection ID now writes from a new address (RFC 9146 §6): an authenticated record,
     * the newest seen, came from {@code peer}. {@code from} is where it was. Until the new address
     * answers, the server sends it no more than it received from it.
     */
    record PeerMoved(Instant time, InetSocketAddress peer, InetSocketAddress from, String connectionId)
            implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return Addresses.peerInfo(peer) + ": peer moved from " + Addresses.peerInfo(from) + " (connection ID "
                    + connectionId + "), same association";
        }
    }

    /** The peer resumed a session from our cache: an abbreviated handshake (RFC 5246 §7.3), no PSK lookup. */
    record SessionResumed(Instant time, InetSocketAddress peer, String identity) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() {
            return Addresses.peerInfo(peer) + ": session resumed (abbreviated handshake), identity '"
                    + (identity == null ? "" : identity) + "'";
        }
    }

    record PeerFailed(Instant time, InetSocketAddress peer, DtlsException cause) implements ServerEvent {
        public EventLevel level() { return EventLevel.ERROR; }
        public String message() { return cause.getMessage(); }
    }

    /** The peer's association ended and it is forgotten. */
    record PeerClosed(Instant time, InetSocketAddress peer, String reason) implements ServerEvent {
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return Addresses.peerInfo(peer) + ": " + reason; }
    }

    record Warning(Instant time, InetSocketAddress peer, String text) implements ServerEvent {
        public EventLevel level() { return EventLevel.WARNING; }
        public String message() { return peer == null ? text : Addresses.peerInfo(peer) + ": " + text; }
    }

    record ShutDown(Instant time, int peersNotified) implements ServerEvent {
        public InetSocketAddress peer() { return null; }
        public EventLevel level() { return EventLevel.INFO; }
        public String message() { return "Server shut down, close_notify sent to " + peersNotified + " peer(s)"; }
    }
}
