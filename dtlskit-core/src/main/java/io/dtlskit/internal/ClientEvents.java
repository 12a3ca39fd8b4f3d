package io.dtlskit.internal;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Delivers one association's events in order, on the association's own thread, outside every lock.
 * Any thread may {@link #emit}; events are queued and handed to the listener only when the association
 * thread calls {@link #deliver()} at a point where it holds no lock (Bouncy Castle raises
 * {@code DatagramSent} inside its record-layer write lock, our flight packer inside its own; a listener
 * run there that calls {@code send} on another association's thread deadlocked in {@code dtlskit bench
 * echo}). A thread other than the association's wakes it through the inbound queue's control part.
 */
public final class ClientEvents {
    private static final Logger log = LoggerFactory.getLogger(ClientEvents.class);

    private final String name;
    private final AssociationListener listener;
    /** Beyond this many undelivered events (a thread sending far faster than the listener keeps up) new ones are dropped. */
    static final int CAPACITY = 65_536;

    private final Queue<AssociationEvent> queue = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
    private volatile Thread owner;
    private volatile Runnable wake = () -> { };
    private volatile boolean ended;

    public ClientEvents(String name, AssociationListener listener) {
        this.name = name;
        this.listener = listener;
    }

    /** The calling thread delivers from now on. */
    public void own() {
        owner = Thread.currentThread();
    }

    /** How another thread wakes the owner so that it delivers (a control marker in the inbound queue). */
    public void wakeWith(Runnable wake) {
        this.wake = wake;
    }

    /**
     * True if an event would reach a listener: callers on a per-datagram path ask first, so that no
     * event object (nor its timestamp) is made for nobody.
     */
    public boolean listening() {
        return !ended && listener != AssociationListener.NONE;
    }

    /** Queues an event; dropped once the association has ended ({@code Closed} is always last). */
    public void emit(AssociationEvent event) {
        if (ended || listener == AssociationListener.NONE) {
            return; // nobody listens: no allocation, no wake-up
        }
        if (queued.incrementAndGet() > CAPACITY) {
            queued.decrementAndGet();
            dropped.increment();
            if (dropped.sum() == 1) {
                log.warn("{}: the listener is {} events behind; dropping events until it catches up", name, CAPACITY);
            }
            return;
        }
        queue.add(event);
        if (Thread.currentThread() != owner) {
            wake.run();
        }
    }

    /** Owner thread only, holding no lock: hands every queued event to the listener. */
    public void deliver() {
        AssociationEvent e;
        while ((e = queue.poll()) != null) {
            queued.decrementAndGet();
            try {
                listener.onEvent(e);
            } catch (RuntimeException ex) {
                log.warn("{}: listener threw on {}: {}", name, e.kind(), ex.toString(), ex);
            }
        }
    }

    /** Events dropped because the listener fell {@link #CAPACITY} behind. */
    public long dropped() {
        return dropped.sum();
    }

    /** Delivers what is queued and then {@code last}; nothing is delivered after it. */
    public void end(AssociationEvent last) {
        deliver();
        ended = true;
        queue.clear();
        try {
            listener.onEvent(last);
        } catch (RuntimeException ex) {
            log.warn("{}: listener threw on {}: {}", name, last.kind(), ex.toString(), ex);
        }
    }
}
