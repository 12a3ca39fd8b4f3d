package io.dtlskit.internal;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Keeps handshake reassembly linear before Bouncy Castle sees a datagram. RFC 6347 §4.2.3 lets a peer
 * fragment a handshake message any way it likes; Bouncy Castle 1.84 ({@code DTLSReassembler}) keeps a
 * message's missing byte ranges in a list that it scans and splices for every fragment, so fragments
 * that leave many holes (one-byte fragments of a 16 KiB message, every other byte first) cost time
 * quadratic in their number: about 0.5 s of CPU for one message, measured (docs/reliability.md).
 * Later Bouncy Castle releases fixed that; 1.84 is what we have.
 *
 * <p>So each epoch-0 handshake message may arrive in at most {@link #MAX_PIECES} disjoint pieces at a
 * time: a record whose fragment would make more is dropped before the engine (a peer that really sent
 * it sends its flight again, and the pieces it fills in then are welcome). Fragments that extend or
 * join pieces always pass, so any order of MTU-sized fragments, in-order one-byte fragments and
 * retransmissions go through. Per message the engine then scans at most {@code MAX_PIECES + 1} ranges.
 * Encrypted records (epoch 1+, only the Finished during a handshake) cannot be looked into and pass.
 *
 * <p>One per association; used only by the thread that offers its datagrams (the reactor).
 */
public final class FragmentGuard {
    /** Disjoint received pieces per message: 16 KiB at the smallest MTU (256) is 70 fragments. */
    static final int MAX_PIECES = 32;
    /** Messages tracked per association; the engine accepts message_seq up to 16 ahead (RFC 6347 §4.2.2). */
    static final int MAX_MESSAGES = 32;

    private record Key(int messageSeq) {
    }

    private static final class Message {
        final int type;
        final int length;
        /** Received pieces, start to end (exclusive), merged when they touch. */
        final TreeMap<Integer, Integer> pieces = new TreeMap<>();

        Message(int type, int length) {
            this.type = type;
            this.length = length;
        }
    }

    private final Map<Key, Message> messages = new HashMap<>();
    private long dropped;

    /**
     * The datagram with the records the engine may take: the same array if all pass, a shorter copy if
     * some do not, null if none do.
     */
    public byte[] filter(byte[] d) {
        ByteArrayOutputStream kept = null;
        int off = 0;
        while (off + Records.RECORD_HEADER <= d.length) {
            int end = off + Records.RECORD_HEADER + Records.u16(d, off + 11);
            if (end > d.length) {
                break; // the server's framing check already refuses this; the client's engine drops it
            }
            boolean pass = (d[off] & 0xff) != Records.CONTENT_HANDSHAKE || Records.u16(d, off + 3) != 0
                    || admit(d, off + Records.RECORD_HEADER, end);
            if (!pass && kept == null) {
                kept = new ByteArrayOutputStream(d.length);
                kept.write(d, 0, off);
            } else if (pass && kept != null) {
                kept.write(d, off, end - off);
            }
            if (!pass) {
                dropped++;
            }
            off = end;
        }
        if (kept == null) {
            return d;
        }
        return kept.size() == 0 ? null : kept.toByteArray();
    }

    /** Handshake records dropped so far (for tests). */
    public long dropped() {
        return dropped;
    }

    /**
     * True if every fragment in this handshake record body may pass; then they are recorded. A record
     * with two fragments of one message is refused (no stack sends that; it would defeat the count).
     */
    private boolean admit(byte[] d, int body, int end) {
        int h = body;
        int fragments = 0;
        int[] seqs = new int[8];
        while (h + Records.HANDSHAKE_HEADER <= end) {
            int seq = Records.u16(d, h + 4);
            for (int i = 0; i < Math.min(fragments, seqs.length); i++) {
                if (seqs[i] == seq) {
                    return false;
                }
            }
            int fragmentEnd = h + Records.HANDSHAKE_HEADER + Records.u24(d, h + 9);
            if (fragments >= seqs.length || fragmentEnd > end || !wellFormed(d, h) || !fits(d, h)) {
                return false; // the engine would skip the rest of such a record: we would lose count
            }
            seqs[fragments++] = seq;
            h += Records.HANDSHAKE_HEADER + Records.u24(d, h + 9);
        }
        h = body;
        while (h + Records.HANDSHAKE_HEADER <= end) {
            record(d, h);
            h += Records.HANDSHAKE_HEADER + Records.u24(d, h + 9);
        }
        return true;
    }

    /** Within its message, and not a Finished in epoch 0 (the engine stops reading the record there). */
    private static boolean wellFormed(byte[] d, int h) {
        return Records.u24(d, h + 6) + Records.u24(d, h + 9) <= Records.u24(d, h + 1) && (d[h] & 0xff) != 20;
    }

    private boolean fits(byte[] d, int h) {
        int type = d[h] & 0xff;
        int length = Records.u24(d, h + 1);
        int from = Records.u24(d, h + 6);
        int to = from + Records.u24(d, h + 9);
        Message m = messages.get(new Key(Records.u16(d, h + 4)));
        if (m == null) {
            return messages.size() < MAX_MESSAGES;
        }
        if (m.type != type || m.length != length || from == to) {
            return true; // the engine ignores it at no cost (another message under this number, or empty)
        }
        return m.pieces.size() - touching(m, from, to).size() + 1 <= MAX_PIECES;
    }

    private void record(byte[] d, int h) {
        int type = d[h] & 0xff;
        int length = Records.u24(d, h + 1);
        int from = Records.u24(d, h + 6);
        int to = from + Records.u24(d, h + 9);
        Message m = messages.computeIfAbsent(new Key(Records.u16(d, h + 4)), k -> new Message(type, length));
        if (m.type != type || m.length != length || from == to) {
            return;
        }
        NavigableMap<Integer, Integer> touch = touching(m, from, to);
        int start = touch.isEmpty() ? from : Math.min(from, touch.firstKey());
        int stop = touch.isEmpty() ? to : Math.max(to, touch.lastEntry().getValue());
        touch.clear();
        m.pieces.put(start, stop);
    }

    /** The pieces that overlap or touch [from, to): merged with it, they become one. */
    private static NavigableMap<Integer, Integer> touching(Message m, int from, int to) {
        Map.Entry<Integer, Integer> before = m.pieces.floorEntry(from);
        int start = before != null && before.getValue() >= from ? before.getKey() : from;
        return m.pieces.subMap(start, true, to, true);
    }
}
