package io.dtlskit;

/**
 * What became of one {@code send}: handed to the socket, or not, and why. A datagram the socket
 * accepted can still be lost on the way (UDP); a refused one was never sent and is not counted as sent.
 *
 * @param reason null when accepted, else a sentence naming the association
 */
public record SendResult(Status status, String reason) {
    public enum Status {
        /** Encrypted and accepted by the socket. */
        ACCEPTED,
        /** Larger than one record can carry at the configured MTU; nothing was sent. */
        TOO_LARGE,
        /** The association is not (or no longer) encrypted; nothing was sent. */
        NOT_ENCRYPTED,
        /** The non-blocking socket had no buffer space and dropped the datagram. */
        REFUSED_BY_SOCKET,
        /** The socket reported an error; the association fails. */
        FAILED
    }

    private static final SendResult ACCEPTED_RESULT = new SendResult(Status.ACCEPTED, null);

    public static SendResult accepted() {
        return ACCEPTED_RESULT;
    }

    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }
}
