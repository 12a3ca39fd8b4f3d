package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;
import org.HdrHistogram.AbstractHistogram;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Opens N associations with at most C handshakes in flight, the same way for every stack.
 *
 * <p>Latency has the same start and end for every stack: from {@link Fleet.Peer#open} (the client is
 * told to start the handshake) to the client reporting the association ready to carry data. What a
 * stack needs before that call (a Scandium client connector with its socket and threads) is made by
 * {@link Fleet#prepare} on a second thread, at most C ahead, outside the latency but inside the CPU
 * figures. The concurrency really reached is measured, not assumed: the time-average of handshakes
 * in flight is the sum of all latencies divided by the elapsed time (Little's law), so a client that
 * cannot keep C handshakes in flight shows it in {@code meanInFlight}.
 */
final class Establisher {
    /** What establishing produced; {@code peers[i]} is null where association i failed or was closed. */
    record Outcome(Fleet.Peer[] peers, AbstractHistogram latency, int established, int failed, long retransmissions,
                   long elapsedNanos, double meanInFlight, String firstFailure) {
        double perSecond() {
            return established / (elapsedNanos / 1e9);
        }
    }

    private Establisher() {
    }

    /**
     * @param keep    hold each association open (hold, echo), or close it as soon as it is ready
     *                (handshakes: the rate of new associations, as a fleet of reconnecting devices)
     * @param onReply per association, what to run for each reply from the server
     */
    static Outcome run(Fleet fleet, InetSocketAddress server, int n, int concurrency, boolean keep,
                       IntFunction<Runnable> onReply, long timeoutMillis, Progress progress, String phase)
            throws InterruptedException {
        Fleet.Peer[] peers = new Fleet.Peer[n];
        AbstractHistogram latency = Scenario.histogram();
        LongAdder latencySum = new LongAdder();
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        LongAdder retransmissions = new LongAdder();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Preparer preparer = new Preparer(fleet, n, concurrency, firstFailure);
        long start = System.nanoTime();
        progress.phase(phase, () -> String.format("%d/%d established, %d failed, %d in flight, %.0f/s",
                ok.get(), n, failed.get(), concurrency - inFlight.availablePermits(),
                ok.get() / Math.max(1e-9, (System.nanoTime() - start) / 1e9)));
        try {
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                preparer.await(i);
                int index = i;
                long t0 = System.nanoTime();
                Fleet.Peer peer;
                try {
                    peer = fleet.open(i, server, onReply.apply(i));
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                    inFlight.release();
                    done.countDown();
                    continue;
                } finally {
                    preparer.opened();
                }
                peer.ready().whenComplete((est, error) -> {
                    long took = System.nanoTime() - t0;
                    latencySum.add(took);
                    if (error == null) {
                        latency.recordValue(took);
                        retransmissions.add(est.retransmissions());
                        ok.incrementAndGet();
                        if (keep) {
                            peers[index] = peer;
                        } else {
                            Thread.startVirtualThread(peer::close); // never close on the stack's own thread
                        }
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, String.valueOf(error));
                        Thread.startVirtualThread(peer::close);
                    }
                    inFlight.release();
                    done.countDown();
                });
            }
            boolean finished = done.await(timeoutMillis, TimeUnit.MILLISECONDS);
            long elapsed = System.nanoTime() - start;
            int stuck = finished ? 0 : (int) done.getCount();
            if (stuck > 0) {
                firstFailure.compareAndSet(null, stuck + " handshakes still running at the deadline");
            }
            return new Outcome(peers, latency, ok.get(), failed.get() + stuck, retransmissions.sum(), elapsed,
                    (double) latencySum.sum() / elapsed, firstFailure.get());
        } finally {
            preparer.stop();
        }
    }

    /** Runs {@link Fleet#prepare} for the next associations on its own thread, at most C ahead of open. */
    private static final class Preparer {
        private final Semaphore ahead;
        private final Semaphore prepared = new Semaphore(0);
        private final Thread thread;

        Preparer(Fleet fleet, int n, int concurrency, AtomicReference<String> firstFailure) {
            this.ahead = new Semaphore(concurrency);
            this.thread = fleet.needsPreparation() ? Thread.ofPlatform().daemon(true).name("bench-preparer").start(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        ahead.acquire();
                        try {
                            fleet.prepare(i);
                        } catch (RuntimeException e) {
                            firstFailure.compareAndSet(null, "preparing: " + e); // open() then fails on its own
                        }
                        prepared.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }) : null;
        }

        void await(int index) throws InterruptedException {
            if (thread != null) {
                prepared.acquire();
            }
        }

        void opened() {
            ahead.release();
        }

        void stop() throws InterruptedException {
            if (thread != null) {
                thread.interrupt();
                thread.join(10_000);
            }
        }
    }
}
