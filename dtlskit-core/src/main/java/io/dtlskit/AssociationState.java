package io.dtlskit;

/** Where a client association is in its life. Only moves forward. */
public enum AssociationState {
    /** Created, socket not connected yet. */
    CONNECTING,
    /** Socket connected; DTLS handshake under way. */
    HANDSHAKING,
    /** Handshake complete; application data flows. */
    ENCRYPTED,
    /** Ended by an error (see the {@link AssociationEvent.Failed} event). */
    FAILED,
    /** Ended cleanly: close_notify sent or received, or closed before the handshake. */
    CLOSED;

    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
