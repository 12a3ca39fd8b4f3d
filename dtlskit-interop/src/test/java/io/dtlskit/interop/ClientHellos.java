package io.dtlskit.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the extension types out of a peer's ClientHello as it crossed the wire (RFC 5246 §7.4.1.2,
 * RFC 6347 §4.2.2 for the DTLS cookie), to check what a peer offers rather than assume it.
 */
final class ClientHellos {
    /** RFC 9146's connection_id extension. */
    static final int CONNECTION_ID = 54;
    /** The number drafts of RFC 9146 used, and mbedTLS 2.x still uses (MBEDTLS_TLS_EXT_CID). */
    static final int DRAFT_CONNECTION_ID = 254;

    private ClientHellos() {
    }

    /** The extension types of the unfragmented ClientHello starting the datagram, or null if it is not one. */
    static List<Integer> extensionTypes(byte[] d) {
        if (d.length < 13 + 12 || d[0] != 22 || d[13] != 1) {
            return null;
        }
        int fragmentOffset = u24(d, 13 + 6);
        int length = u24(d, 13 + 1);
        if (fragmentOffset != 0 || u24(d, 13 + 9) != length) {
            return null; // fragmented: not needed for these small hellos
        }
        int p = 13 + 12 + 2 + 32;           // version, random
        p += 1 + (d[p] & 0xff);             // session_id
        p += 1 + (d[p] & 0xff);             // cookie (DTLS)
        p += 2 + u16(d, p);                 // cipher_suites
        p += 1 + (d[p] & 0xff);             // compression_methods
        List<Integer> types = new ArrayList<>();
        if (p + 2 > d.length) {
            return types;
        }
        int end = p + 2 + u16(d, p);
        p += 2;
        while (p + 4 <= end && p + 4 <= d.length) {
            types.add(u16(d, p));
            p += 4 + u16(d, p + 2);
        }
        return types;
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static int u24(byte[] d, int off) {
        return ((d[off] & 0xff) << 16) | u16(d, off + 1);
    }
}
