package io.dtlskit.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs a step that parks with a deep stack (a Bouncy Castle handshake waiting for the peer's flight)
 * on a short-lived virtual thread of its own, while the calling thread waits with a shallow one.
 *
 * <p>Why: a parked virtual thread keeps its frames on the heap in a stack chunk that keeps the size of
 * the deepest stack it ever parked with. An association's thread that waited inside the handshake
 * would hold that chunk, about 3 KiB, for as long as the association is held; the step's own thread
 * ends with the handshake and its chunk goes with it (docs/benchmarks.md, "Hold"). The cost is one
 * virtual thread start per handshake.
 */
final class ShallowStack {
    /** A step that may fail with one checked exception type. */
    @FunctionalInterface
    interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private ShallowStack() {
    }

    /**
     * Runs {@code step} on a new virtual thread named {@code name} and returns its result or throws
     * what it threw. {@code onStart} runs first on the new thread and {@code onEnd} on the caller's once
     * the step is over (to hand over per-thread duties such as event delivery). If the caller is
     * interrupted while waiting, {@code onInterrupt} ends the step and the wait goes on until it has.
     */
    @SuppressWarnings("unchecked")
    static <T, E extends Exception> T run(String name, Runnable onStart, Step<T, E> step, Runnable onEnd,
                                          Runnable onInterrupt) throws E {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                onStart.run();
                done.complete(step.run());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    onInterrupt.run();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw (E) cause; // the step throws only E besides unchecked ones
                }
            }
        } finally {
            onEnd.run();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
