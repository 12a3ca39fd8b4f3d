package io.dtlskit;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a completed handshake established: a value object, like OkHttp's {@code Handshake}.
 *
 * @param cipherSuite     the negotiated suite's IANA name (or {@code 0x....} if unknown to dtlskit)
 * @param protocol        always {@code DTLS 1.2} today
 * @param elapsed         from the first ClientHello to the server's Finished
 * @param retransmissions flights sent again during the handshake
 * @param identityHint    the server's PSK identity hint, or null if it sent none (or the session was resumed)
 * @param resumed         an abbreviated handshake resumed an earlier session (RFC 5246 §7.3)
 * @param connectionId    the Connection ID the server asked us to send (RFC 9146), as hex, or null if none
 *                        was negotiated
 */
public record HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                              Duration elapsed, int retransmissions, String identityHint, boolean resumed,
                              String connectionId) {
    /** A full handshake without a Connection ID. */
    public HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                           Duration elapsed, int retransmissions, String identityHint) {
        this(association, server, cipherSuite, protocol, elapsed, retransmissions, identityHint, false, null);
    }
}
