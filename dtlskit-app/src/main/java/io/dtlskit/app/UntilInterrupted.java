package io.dtlskit.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a command run until Ctrl-C (or SIGTERM) and still shut down cleanly: the shutdown hook only
 * wakes the command's own thread and then waits (bounded) until that thread has sent its
 * close_notify alerts and printed its summary, which {@link #close()} signals.
 */
final class UntilInterrupted implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean signalled;
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    UntilInterrupted() {
        hook = new Thread(() -> {
            signalled = true;
            stop.countDown();
            stopped.complete(null);
            try {
                cleanedUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "dtlskit-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Ends the wait without a signal (e.g. every association has ended). */
    void stopNow() {
        stop.countDown();
        stopped.complete(null);
    }

    /** Completes when the wait ends, by a signal or {@link #stopNow()}. */
    java.util.concurrent.CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** True once Ctrl-C (SIGINT) or SIGTERM arrived. */
    boolean signalled() {
        return signalled;
    }

    void await() throws InterruptedException {
        stop.await();
    }

    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting and the hook is running; it returns now that cleanedUp is released
        }
    }
}
