package io.dtlskit.app.gui;

import javax.swing.SwingUtilities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands events from the library's threads to the Swing event thread. {@link #offer} never blocks and
 * never waits for the window: events go into a lock-free queue and at most one drain task is pending
 * on the event thread at a time, which takes them in batches. If the window falls this far behind
 * ({@code capacity} events), further events are counted and dropped rather than stalling the network
 * or growing memory without bound; the count is handed to the sink with the next batch.
 */
public final class EventPump<E> {
    /** Receives batches on the target executor (the event thread). */
    public interface Sink<E> {
        void accept(List<E> batch, long droppedSinceLastBatch);
    }

    static final int MAX_BATCH = 512;

    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final int capacity;
    private final Executor target;
    private final Sink<E> sink;

    /** A pump into the Swing event thread. */
    public EventPump(int capacity, Sink<E> sink) {
        this(capacity, SwingUtilities::invokeLater, sink);
    }

    EventPump(int capacity, Executor target, Sink<E> sink) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.target = target;
        this.sink = sink;
    }

    /** Called from any thread; returns at once. */
    public void offer(E event) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.incrementAndGet();
        } else {
            queue.add(event);
        }
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            target.execute(this::drain);
        }
    }

    private void drain() {
        // Cleared before polling: an event offered while we drain schedules the next drain itself.
        scheduled.set(false);
        List<E> batch = new ArrayList<>(Math.min(MAX_BATCH, Math.max(1, size.get())));
        E e;
        while (batch.size() < MAX_BATCH && (e = queue.poll()) != null) {
            batch.add(e);
        }
        size.addAndGet(-batch.size());
        long lost = dropped.getAndSet(0);
        if (!batch.isEmpty() || lost > 0) {
            sink.accept(batch, lost);
        }
        if (!queue.isEmpty()) {
            // Yield the event thread between batches so painting and input stay responsive.
            schedule();
        }
    }
}
