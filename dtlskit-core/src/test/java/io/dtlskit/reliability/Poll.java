package io.dtlskit.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for conditions that have no event: counters, socket states, heap. Each look is
 * followed by a short park (1 ms, growing to 20 ms); the wait fails the test at the deadline with a
 * description of what was last seen.
 */
final class Poll {
    private Poll() {
    }

    /** Waits until {@code condition} holds; fails with {@code state.get()} after {@code timeout}. */
    static void until(BooleanSupplier condition, Duration timeout, String description, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long park = 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + description
                        + "; last seen: " + state.get());
            }
            // No event exists for this condition (a counter or a process-wide count): park briefly, look again.
            LockSupport.parkNanos(park);
            park = Math.min(20_000_000, park * 2);
        }
    }

    static void until(BooleanSupplier condition, Duration timeout, String description) {
        until(condition, timeout, description, () -> "-");
    }

    /** Heap in use after full collections (the best a test can do to see retained memory). */
    static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static final long MIB = 1024 * 1024;
}
