package io.dtlskit.worker;

import io.dtlskit.HandshakeResult;

/** The request names a dtlskit worker reports to Locust (its "Name" column; the type is {@code DTLS}). */
public final class Requests {
    /** A full handshake, from the first ClientHello to Finished (cookie exchange included, RFC 6347 §4.2.1). */
    public static final String HANDSHAKE = "handshake";
    /**
     * An abbreviated handshake resuming an earlier session of the same user (RFC 5246 §7.3), with
     * {@code --resume}; the client falls back to a full handshake, reported as {@link #HANDSHAKE}, when
     * the server has forgotten the session.
     */
    public static final String RESUMED_HANDSHAKE = "resumed handshake";
    /** One application datagram to the server and its reply, on an established association. */
    public static final String ECHO = "echo";

    private Requests() {
    }

    /** The name a completed handshake is reported under: resumed ones get a row of their own. */
    static String handshakeName(HandshakeResult result) {
        return result.resumed() ? RESUMED_HANDSHAKE : HANDSHAKE;
    }
}
