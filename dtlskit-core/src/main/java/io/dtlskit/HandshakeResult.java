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
 * @param peer            what the server proved: its certificate or raw public key, or its PSK
 *                        identity hint for a PSK suite ({@link PeerIdentity.Psk}, null without a hint)
 */
public record HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                              Duration elapsed, int retransmissions, String identityHint, PeerIdentity peer) {

    /** A PSK handshake's result: the peer is the identity hint, if any. */
    public HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                           Duration elapsed, int retransmissions, String identityHint) {
        this(association, server, cipherSuite, protocol, elapsed, retransmissions, identityHint,
                identityHint == null ? null : new PeerIdentity.Psk(identityHint));
    }
}
