package io.dtlskit.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The most recent round-trip samples, for last and median. The sample array grows with use: most held
 * associations never time a round trip, and a full one costs 2 KiB each.
 */
public final class RoundTrips {
    private static final long[] NONE = new long[0];
    private final int capacity;
    private long[] nanos = NONE;
    private int count;
    private int next;
    private long last = -1;

    public RoundTrips(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Duration rtt) {
        long n = rtt.toNanos();
        if (next == nanos.length && nanos.length < capacity) {
            nanos = Arrays.copyOf(nanos, Math.min(capacity, Math.max(8, nanos.length * 2)));
        }
        nanos[next] = n;
        next = (next + 1) % capacity;
        count = Math.min(count + 1, capacity);
        last = n;
    }

    public synchronized Duration last() {
        return last < 0 ? null : Duration.ofNanos(last);
    }

    public synchronized Duration median() {
        if (count == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return Duration.ofNanos(count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2);
    }
}
