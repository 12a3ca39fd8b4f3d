package io.dtlskit.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe list of events that tests can wait on: every wait is bounded and wakes on the next
 * event, never on a fixed sleep.
 */
public class EventLog<E> {
    private final List<E> events = new ArrayList<>();

    public synchronized void add(E event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<E> snapshot() {
        return List.copyOf(events);
    }

    /** Waits until some event matches; returns it, or fails the test after {@code timeout}. */
    public E await(Predicate<? super E> condition, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            int seen = 0;
            while (true) {
                for (; seen < events.size(); seen++) {
                    if (condition.test(events.get(seen))) {
                        return events.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + description
                            + "; events so far:\n" + render());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + description);
                }
            }
        }
    }

    /**
     * Waits until {@code count} events match, or {@code timeout} passes; says which, without failing.
     * For a test that acts between waits (e.g. keeps sending until the server reacts).
     */
    public boolean pollCount(Predicate<? super E> condition, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (events.stream().filter(condition).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits until {@code count} events match. */
    public List<E> awaitCount(Predicate<? super E> condition, int count, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<E> matching = events.stream().filter(condition).map(e -> (E) e).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + count + " x " + description
                            + " (got " + matching.size() + "); events so far:\n" + render());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + description);
                }
            }
        }
    }

    protected String describe(E event) {
        return String.valueOf(event);
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        for (E e : events) {
            sb.append("  ").append(describe(e)).append('\n');
        }
        return sb.toString();
    }
}
