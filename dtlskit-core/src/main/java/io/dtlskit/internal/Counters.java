package io.dtlskit.internal;

import io.dtlskit.DropReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one association or server; updated from any thread, read as snapshots. */
public final class Counters {
    private final LongAdder datagramsSent = new LongAdder();
    private final LongAdder datagramsReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];

    public Counters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    public void sent(int bytes) {
        datagramsSent.increment();
        bytesSent.add(bytes);
    }

    public void received(int bytes) {
        datagramsReceived.increment();
        bytesReceived.add(bytes);
    }

    /** A datagram the non-blocking socket refused (no buffer space): lost, not sent. */
    public void refused(int bytes) {
        refused.increment();
    }

    public long refused() {
        return refused.sum();
    }

    public void replyReceived() {
        replies.increment();
    }

    public void retransmitted() {
        retransmissions.increment();
    }

    public void drop(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    public long datagramsSent() {
        return datagramsSent.sum();
    }

    public long datagramsReceived() {
        return datagramsReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long repliesReceived() {
        return replies.sum();
    }

    public int retransmissions() {
        return (int) retransmissions.sum();
    }

    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    /** Non-zero drop counts, by reason. */
    public Map<DropReason, Long> dropped() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = dropped[r.ordinal()].sum();
            if (n > 0) {
                out.put(r, n);
            }
        }
        return Map.copyOf(out);
    }
}
