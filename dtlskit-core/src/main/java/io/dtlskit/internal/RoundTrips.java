package io.dtlskit.internal;

import java.time.Duration;
import java.util.Arrays;

/** The most recent round-trip samples, for last and median. */
public final class RoundTrips {
    private final long[] nanos;
    private int count;
    private int next;
    private long last = -1;

    public RoundTrips(int capacity) {
        this.nanos = new long[capacity];
    }

    public synchronized void add(Duration rtt) {
        long n = rtt.toNanos();
        nanos[next] = n;
        next = (next + 1) % nanos.length;
        count = Math.min(count + 1, nanos.length);
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
