package io.dtlskit.worker;

import io.dtlskit.HandshakeResult;

/** The request names a dtlskit worker reports to Locust (its "Name" column; the type is {@code DTLS}). */
public final class Requests {
    /** A full handshake, from the first ClientHello to Finished (cookie exchange included, RFC 6347 §4.2.1). */
    public static final String HANDSHAKE = "handshake";
    /**
     * An abbreviated handshake resuming a session (RFC 5246 §7.3 / RFC 6347 §4.2.4). dtlskit-core has no
     * resumption yet; {@link #handshakeName} is the one place to switch on it when it has.
     */
    public static final String RESUMED_HANDSHAKE = "resumed handshake";
    /** One application datagram to the server and its reply, on an established association. */
    public static final String ECHO = "echo";

    private Requests() {
    }

    /**
     * The name a completed handshake is reported under. Hook for resumption: when {@link HandshakeResult}
     * says the session was resumed, return {@link #RESUMED_HANDSHAKE} here and the worker's reports,
     * the master's table and its CSV get a row of their own with no other change.
     */
    static String handshakeName(HandshakeResult result) {
        return HANDSHAKE;
    }
}
