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
 * @param peer            what the server proved: its certificate or raw public key, or its PSK
 *                        identity hint for a PSK suite ({@link PeerIdentity.Psk}, null without a hint)
 */
public record HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                              Duration elapsed, int retransmissions, String identityHint, boolean resumed,
                              String connectionId, PeerIdentity peer) {
    /** A full handshake without a Connection ID; the peer is the identity hint, if any. */
    public HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                           Duration elapsed, int retransmissions, String identityHint) {
        this(association, server, cipherSuite, protocol, elapsed, retransmissions, identityHint, false, null);
    }

    /** Without certificate information: the peer is the identity hint, if any. */
    public HandshakeResult(String association, InetSocketAddress server, String cipherSuite, String protocol,
                           Duration elapsed, int retransmissions, String identityHint, boolean resumed,
                           String connectionId) {
        this(association, server, cipherSuite, protocol, elapsed, retransmissions, identityHint, resumed, connectionId,
                identityHint == null ? null : new PeerIdentity.Psk(identityHint));
    }
}
