package io.dtlskit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One encrypted association on a {@link DtlsServer}, as its {@link ServerHandler} sees it. Thread-safe:
 * {@link #send} and {@link #close} may be called from any thread, also after the handler returned.
 */
public interface DtlsSession {
    /** The client's address and port. */
    InetSocketAddress peer();

    /** The PSK identity the client sent, or its certificate's subject or raw key's fingerprint (inert text). */
    String identity();

    /**
     * The host name the client asked for in its server_name extension (RFC 6066 §3), as inert text
     * (control characters escaped), or null if it sent none. Chosen by the client: a hint for picking
     * content, not proof of anything.
     */
    default String serverName() {
        return null;
    }

    /**
     * What the client proved: its PSK identity, or its certificate or raw public key when the server
     * asked for one (null if it proved nothing, e.g. a certificate suite without client authentication).
     */
    default PeerIdentity peerIdentity() {
        return identity() == null ? null : new PeerIdentity.Psk(identity());
    }

    /** The negotiated suite's IANA name. */
    String cipherSuite();

    /** Encrypts and sends one record of application data to this peer; never throws for network trouble. */
    SendResult send(byte[] data);

    /** Like {@link #send(byte[])} for the remaining bytes of {@code data} (its position moves to its limit). */
    default SendResult send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        return send(copy);
    }

    /** Ends this association with close_notify; the handler's {@code onClose} follows. Idempotent. */
    void close();

    /** A snapshot of this peer's counters. */
    PeerInfo stats();

    /** Per-session values for the application (a thread-safe map, empty at first, gone with the session). */
    Map<String, Object> attributes();
}
