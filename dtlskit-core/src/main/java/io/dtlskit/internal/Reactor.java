package io.dtlskit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that multiplexes many datagram channels. It only reads: each readable channel's
 * {@link ReadHandler} drains it and hands datagrams to their association's queue. Sending happens on
 * the caller's thread (UDP sends do not block). One platform thread serves every association of a
 * client or server, so thousands of associations cost one thread here plus their virtual threads.
 */
public final class Reactor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reactor.class);

    /** Called on the reactor thread when a channel is readable; must drain without blocking. */
    @FunctionalInterface
    public interface ReadHandler {
        void readable(DatagramChannel channel) throws IOException;
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65_535);
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.LongAdder handlerFailures = new java.util.concurrent.atomic.LongAdder();

    public Reactor(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector: " + e.getMessage(), e);
        }
        thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** Registers a non-blocking channel for reads; the future completes on the reactor thread. */
    public CompletableFuture<SelectionKey> register(DatagramChannel channel, ReadHandler handler) {
        CompletableFuture<SelectionKey> done = new CompletableFuture<>();
        execute(() -> {
            try {
                done.complete(channel.register(selector, SelectionKey.OP_READ, handler));
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Deregisters and closes a channel, completing once its file descriptor is really released. A
     * registered channel's close is deferred until the selector flushes the cancelled key, so it is done
     * here, on the reactor thread, with a {@code selectNow()} between cancel and close.
     */
    public CompletableFuture<Void> closeChannel(SelectionKey key, DatagramChannel channel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable close = () -> {
            try {
                if (key != null) {
                    key.cancel();
                    if (selector.isOpen()) {
                        selector.selectNow(); // flush the cancelled key; ready keys stay for the loop
                    }
                }
                channel.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing a channel: {}", e.toString());
            } finally {
                done.complete(null);
            }
        };
        if (!running || isReactorThread()) {
            close.run();
        } else {
            tasks.add(close);
            selector.wakeup();
            if (!running) { // closed meanwhile: the loop's final drain may have run already
                close.run();
            }
        }
        return done;
    }

    /** Runs a task on the reactor thread (or fails it at once if the reactor is closed). */
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException("reactor is closed");
        }
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * One buffer, as large as any UDP datagram, for read handlers to read into; only valid on the reactor
     * thread. Sharing it saves a 64 KiB allocation per readable event.
     */
    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Read handlers that threw (each also logged: an I/O error as a warning, anything else as an error). */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    public boolean isReactorThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        try {
            while (running) {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runSafely(task);
                }
                var selected = selector.selectedKeys();
                for (var it = selected.iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        if (key.isValid() && key.isReadable()) {
                            ((ReadHandler) key.attachment()).readable((DatagramChannel) key.channel());
                        }
                    } catch (CancelledKeyException ignored) {
                        // closed between select and read
                    } catch (IOException e) {
                        // One channel's trouble must never stop the others; a socket error is news.
                        handlerFailures.increment();
                        log.warn("reading a socket failed: {}", e.toString());
                    } catch (RuntimeException e) {
                        // A bug in a read handler: it must surface, yet not stop the other channels.
                        handlerFailures.increment();
                        log.error("read handler failed", e);
                    }
                }
            }
        } catch (ClosedSelectorException ignored) {
            // closing
        } catch (IOException | RuntimeException e) {
            log.error("reactor loop ended: {}", e.toString(), e);
        } finally {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("reactor task failed: {}", e.toString(), e);
        }
    }

    /** Stops the thread and closes the selector; channels stay open (their owners close them). */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        if (!isReactorThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
