package io.dtlskit.reliability;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Raw DTLS 1.2 bytes for tests that play a hostile or minimal peer (RFC 6347 §4.1 record layer,
 * §4.2.2 handshake header, RFC 5246 §7.4.1.2 ClientHello). Written from the RFCs; parses only what the
 * tests look at.
 */
final class Wire {
    static final int RECORD_HEADER = 13;
    static final int HANDSHAKE_HEADER = 12;
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int CLIENT_HELLO = 1;
    static final int HELLO_VERIFY_REQUEST = 3;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CLIENT_KEY_EXCHANGE = 16;
    /** TLS_PSK_WITH_AES_128_GCM_SHA256. */
    static final int PSK_AES128_GCM = 0x00A8;

    private Wire() {
    }

    /** One record: type, DTLS 1.2 (fe fd), epoch, 48-bit sequence number, length, body. */
    static byte[] record(int type, int epoch, long sequence, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + body.length);
        b.put((byte) type).put((byte) 0xfe).put((byte) 0xfd).putShort((short) epoch);
        b.putShort((short) (sequence >>> 32)).putInt((int) sequence);
        b.putShort((short) body.length).put(body);
        return b.array();
    }

    /** A handshake message header (declaring {@code length}) followed by {@code fragment}. */
    static byte[] handshake(int msgType, int length, int messageSeq, int fragmentOffset, byte[] fragment) {
        ByteBuffer b = ByteBuffer.allocate(HANDSHAKE_HEADER + fragment.length);
        b.put((byte) msgType).put(u24(length)).putShort((short) messageSeq).put(u24(fragmentOffset))
                .put(u24(fragment.length)).put(fragment);
        return b.array();
    }

    /**
     * A syntactically valid ClientHello in one epoch-0 record: one cipher suite, null compression,
     * {@code padding} bytes of an unknown extension (to vary the size) and {@code cookie}.
     */
    static byte[] clientHello(Random random, byte[] cookie, int padding) {
        byte[] clientRandom = new byte[32];
        random.nextBytes(clientRandom);
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 1 + cookie.length + 2 + 2 + 1 + 1 + (padding > 0 ? 2 + 4 + padding : 0));
        body.put((byte) 0xfe).put((byte) 0xfd).put(clientRandom);
        body.put((byte) 0);                                    // session id: empty
        body.put((byte) cookie.length).put(cookie);
        body.putShort((short) 2).putShort((short) PSK_AES128_GCM);
        body.put((byte) 1).put((byte) 0);                      // compression: null
        if (padding > 0) {
            body.putShort((short) (4 + padding));              // extensions
            body.putShort((short) 0xfa5e).putShort((short) padding).put(new byte[padding]);
        }
        byte[] b = body.array();
        return record(HANDSHAKE, 0, 0, handshake(CLIENT_HELLO, b.length, 0, 0, b));
    }

    /** The cookie of a HelloVerifyRequest datagram, or null if it is not one. */
    static byte[] helloVerifyCookie(byte[] d) {
        if (!isHelloVerifyRequest(d)) {
            return null;
        }
        int off = RECORD_HEADER + HANDSHAKE_HEADER + 2;
        int len = d[off] & 0xff;
        byte[] cookie = new byte[len];
        System.arraycopy(d, off + 1, cookie, 0, len);
        return cookie;
    }

    static boolean isHelloVerifyRequest(byte[] d) {
        return d.length >= RECORD_HEADER + HANDSHAKE_HEADER + 3 && (d[0] & 0xff) == HANDSHAKE && epoch(d, 0) == 0
                && (d[RECORD_HEADER] & 0xff) == HELLO_VERIFY_REQUEST;
    }

    static int epoch(byte[] d, int recordOffset) {
        return ((d[recordOffset + 3] & 0xff) << 8) | (d[recordOffset + 4] & 0xff);
    }

    /** Record offsets in a datagram (stops at the first record that runs past the end). */
    static List<Integer> records(byte[] d) {
        List<Integer> out = new ArrayList<>();
        int off = 0;
        while (off + RECORD_HEADER <= d.length) {
            int len = ((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff);
            if (off + RECORD_HEADER + len > d.length) {
                break;
            }
            out.add(off);
            off += RECORD_HEADER + len;
        }
        return out;
    }

    /** A plaintext (epoch 0) handshake fragment seen on the wire. */
    record Fragment(int msgType, int length, int messageSeq, int fragmentOffset, int fragmentLength) {
    }

    /** The epoch-0 handshake fragments of a datagram. */
    static List<Fragment> plaintextFragments(byte[] d) {
        List<Fragment> out = new ArrayList<>();
        for (int off : records(d)) {
            if ((d[off] & 0xff) != HANDSHAKE || epoch(d, off) != 0) {
                continue;
            }
            int body = off + RECORD_HEADER;
            int end = body + (((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff));
            int h = body;
            while (h + HANDSHAKE_HEADER <= end) {
                Fragment f = new Fragment(d[h] & 0xff, u24(d, h + 1), ((d[h + 4] & 0xff) << 8) | (d[h + 5] & 0xff),
                        u24(d, h + 6), u24(d, h + 9));
                out.add(f);
                h += HANDSHAKE_HEADER + f.fragmentLength();
            }
        }
        return out;
    }

    static int u24(byte[] d, int off) {
        return ((d[off] & 0xff) << 16) | ((d[off + 1] & 0xff) << 8) | (d[off + 2] & 0xff);
    }

    private static byte[] u24(int v) {
        return new byte[] {(byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Index of {@code needle} in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
