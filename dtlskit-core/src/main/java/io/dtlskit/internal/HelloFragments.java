package io.dtlskit.internal;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts a fragmented ClientHello back together before the cookie check, so a client whose ClientHello
 * does not fit its MTU (OpenSSL {@code s_client -mtu 256}, {@code gnutls-cli --mtu 200}) can connect.
 * Bouncy Castle's verifier takes only a whole ClientHello in one record.
 *
 * <p>This is the one piece of state before a cookie verifies, and it is bounded as a whole rather than
 * per peer: at most {@code maxEntries} partial ClientHellos of at most {@code maxHello} bytes, each
 * dropped {@code ttlNanos} after its first fragment, the oldest evicted first. Spoofed fragments can
 * therefore only push out other fragmented ClientHellos (whose clients send them again), never grow
 * memory or reach the association table (RFC 6347 §4.2.1 keeps associations behind the cookie). Each
 * fragment costs its own length to copy: no quadratic reassembly.
 */
public final class HelloFragments {
    private final int maxEntries;
    private final int maxHello;
    private final long ttlNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<InetSocketAddress, Partial> partials = new LinkedHashMap<>();

    private static final class Partial {
        final int messageSeq;
        final byte[] body;
        final BitSet have;
        final long startNanos;
        long lastRecordSeq;

        Partial(int messageSeq, int length, long startNanos) {
            this.messageSeq = messageSeq;
            this.body = new byte[length];
            this.have = new BitSet(length);
            this.startNanos = startNanos;
        }
    }

    public HelloFragments(int maxEntries, int maxHello, long ttlNanos) {
        this.maxEntries = maxEntries;
        this.maxHello = maxHello;
        this.ttlNanos = ttlNanos;
    }

    /** True if the datagram's first record is an epoch-0 ClientHello fragment rather than a whole one. */
    public static boolean isFragment(byte[] d, int n) {
        if (!Records.isClientHello(d, n)) {
            return false;
        }
        int h = Records.RECORD_HEADER;
        return Records.u24(d, h + 6) != 0 || Records.u24(d, h + 9) != Records.u24(d, h + 1);
    }

    /**
     * Takes the ClientHello fragments in a datagram from {@code from}. Returns the whole ClientHello as
     * one unfragmented record (the last fragment's record sequence number) once every byte arrived,
     * else null.
     */
    public byte[] offer(InetSocketAddress from, byte[] d, int n, long nowNanos) {
        lock.lock();
        try {
            expire(nowNanos);
            byte[] whole = null;
            for (int off = 0; off + Records.RECORD_HEADER <= n; ) {
                int length = Records.u16(d, off + 11);
                int body = off + Records.RECORD_HEADER;
                if (body + length > n) {
                    break;
                }
                if ((d[off] & 0xff) == Records.CONTENT_HANDSHAKE && Records.u16(d, off + 3) == 0) {
                    long recordSeq = ((long) Records.u16(d, off + 5) << 32) | ((long) Records.u16(d, off + 7) << 16)
                            | Records.u16(d, off + 9);
                    byte[] done = record(from, d, body, body + length, recordSeq, nowNanos);
                    if (done != null) {
                        whole = done;
                    }
                }
                off = body + length;
            }
            return whole;
        } finally {
            lock.unlock();
        }
    }

    private byte[] record(InetSocketAddress from, byte[] d, int h, int end, long recordSeq, long nowNanos) {
        byte[] whole = null;
        while (h + Records.HANDSHAKE_HEADER <= end) {
            int type = d[h] & 0xff;
            int length = Records.u24(d, h + 1);
            int messageSeq = Records.u16(d, h + 4);
            int fragOffset = Records.u24(d, h + 6);
            int fragLength = Records.u24(d, h + 9);
            int data = h + Records.HANDSHAKE_HEADER;
            if (data + fragLength > end || fragOffset + fragLength > length) {
                return whole; // malformed: the rest of the record too
            }
            if (type == Records.HANDSHAKE_CLIENT_HELLO && length <= maxHello && fragLength > 0) {
                Partial p = partials.get(from);
                if (p == null || p.messageSeq != messageSeq || p.body.length != length) {
                    partials.remove(from); // a new attempt (e.g. the ClientHello with the cookie) replaces it
                    p = new Partial(messageSeq, length, nowNanos);
                    partials.put(from, p);
                    evictOverflow();
                }
                System.arraycopy(d, data, p.body, fragOffset, fragLength);
                p.have.set(fragOffset, fragOffset + fragLength);
                p.lastRecordSeq = Math.max(p.lastRecordSeq, recordSeq);
                if (p.have.cardinality() == length) {
                    partials.remove(from);
                    whole = unfragmented(p);
                }
            }
            h = data + fragLength;
        }
        return whole;
    }

    /** One DTLS 1.2 record holding the whole message (RFC 6347 §4.1 and §4.2.2 headers). */
    private static byte[] unfragmented(Partial p) {
        int length = p.body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Records.RECORD_HEADER + Records.HANDSHAKE_HEADER + length);
        out.write(Records.CONTENT_HANDSHAKE);
        out.write(0xfe);
        out.write(0xfd);
        out.write(0);
        out.write(0); // epoch 0
        for (int shift = 40; shift >= 0; shift -= 8) {
            out.write((int) (p.lastRecordSeq >> shift));
        }
        int recordLength = Records.HANDSHAKE_HEADER + length;
        out.write(recordLength >> 8);
        out.write(recordLength);
        out.write(Records.HANDSHAKE_CLIENT_HELLO);
        writeU24(out, length);
        out.write(p.messageSeq >> 8);
        out.write(p.messageSeq);
        writeU24(out, 0);
        writeU24(out, length);
        out.write(p.body, 0, length);
        return out.toByteArray();
    }

    private static void writeU24(ByteArrayOutputStream out, int v) {
        out.write(v >> 16);
        out.write(v >> 8);
        out.write(v);
    }

    private void expire(long nowNanos) {
        for (Iterator<Map.Entry<InetSocketAddress, Partial>> it = partials.entrySet().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().getValue().startNanos < ttlNanos) {
                break; // insertion order: the rest are younger
            }
            it.remove();
        }
    }

    private void evictOverflow() {
        Iterator<InetSocketAddress> it = partials.keySet().iterator();
        while (partials.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Partial ClientHellos held now (for tests and stats). */
    public int held() {
        lock.lock();
        try {
            return partials.size();
        } finally {
            lock.unlock();
        }
    }
}
