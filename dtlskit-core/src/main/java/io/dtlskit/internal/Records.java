package io.dtlskit.internal;

import io.dtlskit.DropReason;

/**
 * Cheap checks of a datagram's DTLS record framing (RFC 6347 §4.1) before Bouncy Castle sees it.
 * Nothing here decrypts or trusts content; it only refuses what is malformed or dangerous to hand on.
 */
public final class Records {
    public static final int RECORD_HEADER = 13;
    public static final int HANDSHAKE_HEADER = 12;
    public static final int CONTENT_HANDSHAKE = 22;
    public static final int HANDSHAKE_CLIENT_HELLO = 1;

    private Records() {
    }

    /**
     * Checks every record in the datagram. Returns null if it may be handed on, else the reason to drop
     * it. Epoch-0 handshake messages declaring more than {@code maxHandshakeMessage} bytes are refused,
     * because Bouncy Castle 1.84 allocates reassembly buffers from the declared length before anything
     * is authenticated (docs/bouncy-castle.md #7).
     */
    public static DropReason check(byte[] d, int len, int maxHandshakeMessage) {
        if (len < RECORD_HEADER) {
            return DropReason.MALFORMED;
        }
        int off = 0;
        while (off < len) {
            if (len - off < RECORD_HEADER) {
                return DropReason.MALFORMED;
            }
            int type = d[off] & 0xff;
            if (type < 20 || type > 25 || (d[off + 1] & 0xff) != 0xfe) {
                return DropReason.MALFORMED; // not a DTLS content type (RFC 5246 §6.2.1, RFC 9146) or not DTLS
            }
            int epoch = u16(d, off + 3);
            int length = u16(d, off + 11);
            int body = off + RECORD_HEADER;
            if (body + length > len) {
                return DropReason.MALFORMED;
            }
            if (type == CONTENT_HANDSHAKE && epoch == 0) {
                int h = body;
                while (h + HANDSHAKE_HEADER <= body + length) {
                    if (u24(d, h + 1) > maxHandshakeMessage) {
                        return DropReason.HANDSHAKE_TOO_LARGE;
                    }
                    h += HANDSHAKE_HEADER + u24(d, h + 9);
                }
            }
            off = body + length;
        }
        return null;
    }

    /** True if the datagram starts with an epoch-0 handshake record holding a ClientHello. */
    public static boolean isClientHello(byte[] d, int len) {
        return len >= RECORD_HEADER + HANDSHAKE_HEADER
                && (d[0] & 0xff) == CONTENT_HANDSHAKE
                && u16(d, 3) == 0
                && (d[RECORD_HEADER] & 0xff) == HANDSHAKE_CLIENT_HELLO;
    }

    public static final int CONTENT_CHANGE_CIPHER_SPEC = 20;

    /**
     * The 32-byte random of a ClientHello that starts the datagram (first fragment), or null. RFC 5246
     * §7.4.1.2: client_version (2 bytes), then random.
     */
    public static byte[] clientHelloRandom(byte[] d) {
        int body = RECORD_HEADER + HANDSHAKE_HEADER;
        if (!isClientHello(d, d.length) || u24(d, RECORD_HEADER + 6) != 0 || d.length < body + 2 + 32
                || u16(d, 11) < HANDSHAKE_HEADER + 2 + 32) {
            return null;
        }
        return java.util.Arrays.copyOfRange(d, body + 2, body + 2 + 32);
    }


    /** True if the datagram holds a ChangeCipherSpec record (the datagram was checked by {@link #check}). */
    public static boolean hasChangeCipherSpec(byte[] d) {
        for (int off = 0; off + RECORD_HEADER <= d.length; off += RECORD_HEADER + u16(d, off + 11)) {
            if ((d[off] & 0xff) == CONTENT_CHANGE_CIPHER_SPEC) {
                return true;
            }
        }
        return false;
    }

    /** True if every record in the datagram has an epoch above 0 (and there is at least one). */
    public static boolean onlyLaterEpochs(byte[] d) {
        int off = 0;
        for (; off + RECORD_HEADER <= d.length; off += RECORD_HEADER + u16(d, off + 11)) {
            if (u16(d, off + 3) == 0) {
                return false;
            }
        }
        return off > 0;
    }

    static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    static int u24(byte[] d, int off) {
        return ((d[off] & 0xff) << 16) | ((d[off + 1] & 0xff) << 8) | (d[off + 2] & 0xff);
    }
}
