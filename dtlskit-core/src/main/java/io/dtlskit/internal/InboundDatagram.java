package io.dtlskit.internal;

import io.dtlskit.DropReason;

import java.net.InetSocketAddress;

/**
 * One datagram as the server's dispatcher routes it, with its record header read once (RFC 6347
 * §4.1): whether its framing is acceptable, whether it opens with a ClientHello, and that ClientHello's
 * random (RFC 5246 §7.4.1.2), which tells a restarted client from a copy of the first ClientHello.
 *
 * @param drop   null if the framing is acceptable, else why the datagram is dropped
 * @param random the ClientHello's random, or null if {@code clientHello} is false or it is fragmented
 */
public record InboundDatagram(InetSocketAddress from, byte[] data, DropReason drop, boolean clientHello,
                              byte[] random) {

    public static InboundDatagram parse(InetSocketAddress from, byte[] data, int maxHandshakeMessage) {
        return parse(from, data, maxHandshakeMessage, 0);
    }

    /** As above, where {@code tls12_cid} records carry our CID of {@code cidLength} bytes (RFC 9146 §4). */
    public static InboundDatagram parse(InetSocketAddress from, byte[] data, int maxHandshakeMessage, int cidLength) {
        DropReason bad = Records.check(data, data.length, maxHandshakeMessage, cidLength);
        if (bad != null) {
            return new InboundDatagram(from, data, bad, false, null);
        }
        boolean hello = Records.isClientHello(data, data.length);
        return new InboundDatagram(from, data, null, hello, hello ? Records.clientHelloRandom(data) : null);
    }

    public int length() {
        return data.length;
    }

    /** True if the datagram starts with a {@code tls12_cid} record (RFC 9146 §4). */
    public boolean connectionId() {
        return data.length > 0 && (data[0] & 0xff) == Records.CONTENT_TLS12_CID;
    }
}
