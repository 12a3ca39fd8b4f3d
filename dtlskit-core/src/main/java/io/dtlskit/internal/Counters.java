package io.dtlskit.internal;

import io.dtlskit.DropReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one association or server; updated from any thread, read as snapshots.
 *
 * <p>Two layouts: {@link #shared()} (a server's, written by its reactor and every session thread at
 * once) stripes each counter ({@link LongAdder}); {@link #single()} (one client association's, written
 * by its reactor and its own thread, rarely at the same moment) keeps them in one array: 144 bytes
 * instead of about 600, which matters at 10,000 held associations (docs/benchmarks.md, "Hold").
 */
public final class Counters {
    private static final int DATAGRAMS_SENT = 0;
    private static final int DATAGRAMS_RECEIVED = 1;
    private static final int BYTES_SENT = 2;
    private static final int BYTES_RECEIVED = 3;
    private static final int REPLIES = 4;
    private static final int RETRANSMISSIONS = 5;
    private static final int REFUSED = 6;
    private static final int FIRST_DROP = 7;
    private static final int SIZE = FIRST_DROP + DropReason.values().length;

    /** Where the counts live. */
    private interface Cells {
        void add(int index, long n);

        long sum(int index);
    }

    private final Cells cells;

    private Counters(Cells cells) {
        this.cells = cells;
    }

    /** For counters many threads write at once (a server's). */
    public static Counters shared() {
        LongAdder[] adders = new LongAdder[SIZE];
        for (int i = 0; i < SIZE; i++) {
            adders[i] = new LongAdder();
        }
        return new Counters(new Cells() {
            @Override
            public void add(int index, long n) {
                adders[index].add(n);
            }

            @Override
            public long sum(int index) {
                return adders[index].sum();
            }
        });
    }

    /** For counters of one association: compact. */
    public static Counters single() {
        AtomicLongArray counts = new AtomicLongArray(SIZE);
        return new Counters(new Cells() {
            @Override
            public void add(int index, long n) {
                counts.getAndAdd(index, n);
            }

            @Override
            public long sum(int index) {
                return counts.get(index);
            }
        });
    }

    public void sent(int bytes) {
        cells.add(DATAGRAMS_SENT, 1);
        cells.add(BYTES_SENT, bytes);
    }

    public void received(int bytes) {
        cells.add(DATAGRAMS_RECEIVED, 1);
        cells.add(BYTES_RECEIVED, bytes);
    }

    /** A datagram the non-blocking socket refused (no buffer space): lost, not sent. */
    public void refused(int bytes) {
        cells.add(REFUSED, 1);
    }

    public long refused() {
        return cells.sum(REFUSED);
    }

    public void replyReceived() {
        cells.add(REPLIES, 1);
    }

    public void retransmitted() {
        cells.add(RETRANSMISSIONS, 1);
    }

    public void drop(DropReason reason) {
        cells.add(FIRST_DROP + reason.ordinal(), 1);
    }

    public long datagramsSent() {
        return cells.sum(DATAGRAMS_SENT);
    }

    public long datagramsReceived() {
        return cells.sum(DATAGRAMS_RECEIVED);
    }

    public long bytesSent() {
        return cells.sum(BYTES_SENT);
    }

    public long bytesReceived() {
        return cells.sum(BYTES_RECEIVED);
    }

    public long repliesReceived() {
        return cells.sum(REPLIES);
    }

    public int retransmissions() {
        return (int) cells.sum(RETRANSMISSIONS);
    }

    public long dropped(DropReason reason) {
        return cells.sum(FIRST_DROP + reason.ordinal());
    }

    /** Non-zero drop counts, by reason. */
    public Map<DropReason, Long> dropped() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = dropped(r);
            if (n > 0) {
                out.put(r, n);
            }
        }
        return Map.copyOf(out);
    }
}
