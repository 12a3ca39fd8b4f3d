package io.dtlskit.internal;

import io.dtlskit.ServerEvent;
import io.dtlskit.ServerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers a server's events to its listener in the order they happened, from one thread of their own:
 * never the reactor thread (a flood of cookieless ClientHellos must not turn into console I/O on the
 * thread that drains the socket), never a session's thread inside the engine, never under a lock. The
 * queue is bounded: beyond it events are dropped and counted, so a slow listener cannot exhaust memory.
 */
public final class ServerEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerEvents.class);
    static final int CAPACITY = 65_536;

    private final ServerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final java.util.ArrayDeque<ServerEvent> queue = new java.util.ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private boolean delivering;
    private boolean closed;

    public ServerEvents(ServerListener listener) {
        this.listener = listener;
        this.thread = listener == ServerListener.NONE ? null
                : Thread.ofVirtual().name("dtlskit-server-events").start(this::loop);
    }

    /** True if a listener takes events: per-datagram callers ask first, so nothing is made for nobody. */
    public boolean listening() {
        return thread != null;
    }

    /** Any thread: queues the event for the listener. */
    public void emit(ServerEvent event) {
        if (thread == null) {
            return; // nobody listens
        }
        lock.lock();
        try {
            if (closed || queue.size() >= CAPACITY) {
                dropped.increment();
                return;
            }
            queue.add(event);
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Events dropped because the listener did not keep up. */
    public long dropped() {
        return dropped.sum();
    }

    /** Waits (bounded) until every queued event was delivered. */
    public void drain(long timeoutMillis) {
        if (thread == null || Thread.currentThread() == thread) {
            return;
        }
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while ((!queue.isEmpty() || delivering) && left > 0) {
                left = drained.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Delivers what is queued (bounded wait), then stops the thread. */
    @Override
    public void close() {
        drain(5_000);
        lock.lock();
        try {
            closed = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            ServerEvent e;
            lock.lock();
            try {
                delivering = false;
                while (queue.isEmpty()) {
                    drained.signalAll();
                    if (closed) {
                        return;
                    }
                    ready.awaitUninterruptibly();
                }
                e = queue.poll();
                delivering = true;
            } finally {
                lock.unlock();
            }
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                log.warn("server listener threw on {}: {}", e.kind(), ex.toString(), ex);
            }
        }
    }
}
