package io.dtlskit.internal;

import java.time.Duration;

/**
 * Durations handed to APIs that take an {@code int} of milliseconds (Bouncy Castle's timers, queue
 * waits). A plain {@code (int)} cast of 30 days wraps to a negative number, which Bouncy Castle turns
 * into an internal error; every such conversion goes through here and saturates instead.
 */
public final class Durations {
    private Durations() {
    }

    /** Milliseconds, clamped to 1 .. Integer.MAX_VALUE (about 24.8 days). */
    public static int saturatedMillis(Duration d) {
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            ms = Long.MAX_VALUE;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** Nanoseconds, clamped to Long.MAX_VALUE / 4 so that adding it to {@code System.nanoTime()} never wraps. */
    public static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** Positive and representable in int milliseconds, else an exception naming {@code what}. */
    public static void requireMillisRange(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        if (d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(what + " " + d + " is too long (at most " + Integer.MAX_VALUE + " ms)");
        }
    }
}
