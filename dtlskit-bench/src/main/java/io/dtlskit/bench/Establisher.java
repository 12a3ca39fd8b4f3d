package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Opens N associations with at most C handshakes in flight and times each from the call that opens
 * it (socket included) to the moment it can carry data. The same code drives every stack.
 */
final class Establisher {
    /** What establishing produced; {@code peers[i]} is null where association i failed or was closed. */
    record Outcome(Fleet.Peer[] peers, Histogram latency, int established, int failed, long retransmissions,
                   long elapsedNanos, String firstFailure) {
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
        Histogram latency = new Histogram();
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        LongAdder retransmissions = new LongAdder();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        progress.phase(phase, () -> String.format("%d/%d established, %d failed, %d in flight, %.0f/s",
                ok.get(), n, failed.get(), concurrency - inFlight.availablePermits(),
                ok.get() / Math.max(1e-9, (System.nanoTime() - start) / 1e9)));
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
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
            }
            peer.ready().whenComplete((est, error) -> {
                if (error == null) {
                    latency.record(System.nanoTime() - t0);
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
                firstFailure.get());
    }
}
