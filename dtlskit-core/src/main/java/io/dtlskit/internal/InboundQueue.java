package io.dtlskit.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An association's inbound queue: datagrams from the network in a bounded part, control markers
 * (wake-ups from other threads, ICMP notices) in a separate part. Markers never take a datagram's slot,
 * so a thread that wakes the association thousands of times (one per {@code send}) cannot make the
 * peer's replies overflow the queue, and each marker is queued at most once.
 *
 * <p>A {@link ReentrantLock}, not a monitor: a virtual thread parks here (Java 21 pins on monitors).
 */
public final class InboundQueue {
    /** Returned by {@link #poll} once the queue is closed. */
    public static final Object CLOSED = new Object();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<byte[]> data;
    private final ArrayDeque<Object> control = new ArrayDeque<>(2);
    private final int capacity;
    private volatile boolean closed;

    public InboundQueue(int capacity) {
        this.capacity = capacity;
        this.data = new ArrayDeque<>(Math.min(capacity, 16));
    }

    /** Queues a datagram; false if the data part is full or the queue closed. */
    public boolean offerData(byte[] datagram) {
        lock.lock();
        try {
            if (closed || data.size() >= capacity) {
                return false;
            }
            data.add(datagram);
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a marker unless the same one already waits. */
    public void offerControl(Object marker) {
        lock.lock();
        try {
            if (!closed && !control.contains(marker)) {
                control.add(marker);
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next marker, or else (if {@code wantData}) the next datagram; {@link #CLOSED} once closed;
     * null when {@code timeoutNanos} passed first ({@code timeoutNanos < 0}: wait forever).
     */
    public Object poll(long timeoutNanos, boolean wantData) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                if (closed) {
                    return CLOSED;
                }
                Object marker = control.poll();
                if (marker != null) {
                    return marker;
                }
                if (wantData && !data.isEmpty()) {
                    return data.poll();
                }
                if (timeoutNanos < 0) {
                    ready.await();
                } else if (left <= 0) {
                    return null;
                } else {
                    left = ready.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Same as {@link #poll(long, boolean)} with a timeout in milliseconds (0 = forever). */
    public Object pollMillis(int waitMillis, boolean wantData) throws InterruptedException {
        return poll(waitMillis == 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(waitMillis), wantData);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the queue and wakes its waiter; queued items are dropped. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            data.clear();
            control.clear();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
