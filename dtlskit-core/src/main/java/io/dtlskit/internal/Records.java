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
    /** RFC 9146 §4: a record carrying a Connection ID, with the CID between sequence number and length. */
    public static final int CONTENT_TLS12_CID = 25;
    /** Where a {@code tls12_cid} record's CID starts: after type, version, epoch and sequence number. */
    public static final int CID_OFFSET = 11;

    private Records() {
    }

    /**
     * Checks every record in the datagram. Returns null if it may be handed on, else the reason to drop
     * it. Epoch-0 handshake messages declaring more than {@code maxHandshakeMessage} bytes are refused,
     * because Bouncy Castle 1.84 allocates reassembly buffers from the declared length before anything
     * is authenticated (docs/bouncy-castle.md #7).
     */
    public static DropReason check(byte[] d, int len, int maxHandshakeMessage) {
        return check(d, len, maxHandshakeMessage, 0);
    }

    /**
     * As {@link #check(byte[], int, int)}, where {@code tls12_cid} records (RFC 9146 §4) carry a CID
     * of {@code cidLength} bytes before their length field: the receiver chose that length, so it knows
     * it (0 where no CID was negotiated).
     */
    public static DropReason check(byte[] d, int len, int maxHandshakeMessage, int cidLength) {
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
            int header = headerLength(type, cidLength);
            if (len - off < header) {
                return DropReason.MALFORMED;
            }
            int length = u16(d, off + header - 2);
            int body = off + header;
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


    /** A record's header length: 13 bytes, plus the CID in a {@code tls12_cid} record. */
    public static int headerLength(int contentType, int cidLength) {
        return RECORD_HEADER + (contentType == CONTENT_TLS12_CID ? cidLength : 0);
    }

    /** The whole length (header and body) of the record at {@code off}; the datagram was checked. */
    public static int recordLength(byte[] d, int off, int cidLength) {
        int header = headerLength(d[off] & 0xff, cidLength);
        return off + header <= d.length ? header + u16(d, off + header - 2) : d.length - off;
    }

    /** True if the datagram holds a ChangeCipherSpec record (the datagram was checked by {@link #check}). */
    public static boolean hasChangeCipherSpec(byte[] d) {
        return hasChangeCipherSpec(d, 0);
    }

    public static boolean hasChangeCipherSpec(byte[] d, int cidLength) {
        for (int off = 0; off + RECORD_HEADER <= d.length; off += recordLength(d, off, cidLength)) {
            if ((d[off] & 0xff) == CONTENT_CHANGE_CIPHER_SPEC) {
                return true;
            }
        }
        return false;
    }

    /** True if every record in the datagram has an epoch above 0 (and there is at least one). */
    public static boolean onlyLaterEpochs(byte[] d) {
        return onlyLaterEpochs(d, 0);
    }

    public static boolean onlyLaterEpochs(byte[] d, int cidLength) {
        int off = 0;
        for (; off + RECORD_HEADER <= d.length; off += recordLength(d, off, cidLength)) {
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
