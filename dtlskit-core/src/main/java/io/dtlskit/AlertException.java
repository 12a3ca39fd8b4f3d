package io.dtlskit;

/**
 * The handshake or the session ended with a fatal TLS alert (RFC 5246 §7.2), sent by the peer
 * ({@link #receivedFromPeer()}) or raised by our engine.
 */
public final class AlertException extends DtlsException {
    private final String description;
    private final boolean receivedFromPeer;

    public AlertException(String association, String message, String description, boolean receivedFromPeer,
                          Throwable cause) {
        super(association, message, cause);
        this.description = description;
        this.receivedFromPeer = receivedFromPeer;
    }

    /** The alert's name, e.g. {@code handshake_failure} or {@code decrypt_error}. */
    public String description() {
        return description;
    }

    public boolean receivedFromPeer() {
        return receivedFromPeer;
    }
}
