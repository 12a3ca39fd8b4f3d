package io.dtlskit.app;

import io.dtlskit.AssociationState;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code client --rebind-every DUR}: moves every encrypted association to a new local port on a
 * schedule, as a NAT that forgets its binding does. The associations report each move themselves.
 */
final class Rebinder implements AutoCloseable {
    private final Duration every;
    private ScheduledExecutorService timer;

    Rebinder(Duration every) {
        this.every = every;
    }

    void start(Supplier<List<DtlsAssociation>> associations) {
        if (every == null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("dtlskit-rebind").factory());
        long ms = Math.max(1, every.toMillis());
        timer.scheduleAtFixedRate(() -> {
            for (DtlsAssociation a : associations.get()) {
                if (a.state() == AssociationState.ENCRYPTED) {
                    try {
                        a.rebind();
                    } catch (DtlsException e) {
                        // ended meanwhile: its own events say so
                    }
                }
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
