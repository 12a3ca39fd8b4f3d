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
 * @param identityHint    the server's PSK identity hint, or null if it sent none
 */
public record HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                              Duration elapsed, int retransmissions, String identityHint) {
}
