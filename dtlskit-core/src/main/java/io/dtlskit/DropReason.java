package io.dtlskit;

/** Why an incoming datagram was dropped without reaching the DTLS engine or the application. */
public enum DropReason {
    /** Shorter than a DTLS record header, or a record length runs past the datagram. */
    MALFORMED,
    /** Larger than the configured maximum datagram size. */
    OVERSIZE,
    /** An epoch-0 handshake message declaring a length above the safe bound (docs/bouncy-castle.md #7). */
    HANDSHAKE_TOO_LARGE,
    /** Not a ClientHello, from a peer with no association (server). */
    UNKNOWN_PEER,
    /** A new peer while the server is not listening. */
    NOT_LISTENING,
    /** The server holds its maximum number of associations or handshakes. */
    LIMIT_REACHED,
    /** The association's inbound queue was full (the engine is not keeping up). */
    QUEUE_FULL,
    /**
     * Application data that reached an association without a data handler while its {@code receive}
     * buffer was full: the oldest record was dropped.
     */
    UNREAD,
    /** A bug in dtlskit: routing the datagram threw (logged as an error with its stack trace). */
    INTERNAL_ERROR,
    /** A {@code tls12_cid} record whose Connection ID no association holds (RFC 9146 §6; server). */
    UNKNOWN_CONNECTION_ID
    // Records the engine itself discards (bad MAC, replay, wrong epoch) are discarded silently by
    // Bouncy Castle, as RFC 6347 §4.1.2.7 asks, and are not counted here.
}
