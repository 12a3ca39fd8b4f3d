package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.AssociationState;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded soak (issue 7): workers connect, ping and close associations over and over; at the end the
 * server holds no peer, and sockets, dtlskit threads and the heap are back at the baseline.
 *
 * <p>CI runs the short form ({@code dtlskit.soak.seconds}, default 20). A long local run:
 * {@code mvn -pl dtlskit-core test -Dtest=SoakTest -Ddtlskit.soak.seconds=600 [-Ddtlskit.soak.workers=32]}.
 * Listeners only count, so the test itself keeps no per-event memory.
 */
@Tag("slow")
class SoakTest {
    static final int SECONDS = Integer.getInteger("dtlskit.soak.seconds", 20);
    static final int WORKERS = Integer.getInteger("dtlskit.soak.workers", 8);
    static final int PINGS = 3;

    /** Counts what the server reports; keeps nothing else. */
    static final class ServerCounts implements io.dtlskit.ServerListener {
        final AtomicLong encrypted = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong replaced = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ServerEvent e) {
            switch (e) {
                case ServerEvent.PeerEncrypted ignored -> encrypted.incrementAndGet();
                case ServerEvent.PeerClosed ignored -> closed.incrementAndGet();
                case ServerEvent.PeerFailed f -> failures.add(f.message());
                case ServerEvent.PeerReplaced ignored -> replaced.incrementAndGet();
                default -> { }
            }
        }
    }

    @Test
    void associationsConnectPingAndCloseRepeatedlyAndEverythingReturnsToTheBaseline() throws Exception {
        ResourceCheck resources = ResourceCheck.baseline();
        cycleOnce(); // load every class the soak uses before measuring the heap
        long heapBefore = Poll.usedHeapAfterGc();

        ServerCounts serverCounts = new ServerCounts();
        DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(serverCounts).start();
        DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(20)).maxPings(PINGS)
                .initialRetransmit(Duration.ofMillis(200)).handshakeTimeout(Duration.ofSeconds(10)).build();
        int total;
        try {
            AtomicInteger cycles = new AtomicInteger();
            AtomicInteger maxServerAssociations = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().name("test-soak-", 0).factory());
            try {
                List<Future<?>> running = new java.util.ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    running.add(workers.submit(() -> {
                        int n = 0;
                        while (System.nanoTime() - deadline < 0 && failures.isEmpty()) {
                            try {
                                cycle(client, server.localAddress(), "Soak-" + worker + "-" + n++);
                                cycles.incrementAndGet();
                                maxServerAssociations.accumulateAndGet(server.stats().associations(), Math::max);
                            } catch (Exception | AssertionError e) {
                                failures.add(e.toString());
                            }
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get(SECONDS + 60, TimeUnit.SECONDS);
                }
            } finally {
                workers.shutdownNow();
                assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }

            total = cycles.get();
            // Every close_notify reaches the server on loopback: it forgets every peer without waiting for
            // an idle timeout. (Bounded wait; the assertions below say what is left.)
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.peers().isEmpty() && System.nanoTime() - waitUntil < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // no event for "all peers gone"
            }
            System.out.printf("soak: %d s, %d workers, %d associations (%.0f/s), at most %d on the server at once, "
                            + "%d closed by close_notify, %d replaced, %d left: %s%n",
                    SECONDS, WORKERS, total, total / (double) SECONDS, maxServerAssociations.get(),
                    serverCounts.closed.get(), serverCounts.replaced.get(), server.peers().size(), server.peers());
            assertThat(failures).as("every cycle completed").isEmpty();
            assertThat(serverCounts.failures).as("no server-side failure").isEmpty();
            assertThat(total).as("cycles").isGreaterThan(WORKERS * 10);
            assertThat(server.peers()).as("peers the server did not forget after their close_notify").isEmpty();
            // A replacement (RFC 6347 §4.2.8) means a new association reused the port of one the server
            // still held, i.e. an earlier close_notify was not acted on.
            assertThat(serverCounts.replaced.get()).as("replaced instead of closed").isZero();
            assertThat(serverCounts.closed.get()).as("every association closed by close_notify").isEqualTo(total);
            // Each worker holds at most one association; allow as many again whose close_notify is in flight.
            assertThat(maxServerAssociations.get()).as("closed associations do not pile up").isLessThanOrEqualTo(2 * WORKERS);
            assertThat(server.stats().handshakesCompleted()).isEqualTo(total);
            assertThat(server.stats().handshakesFailed()).isZero();
            assertThat(serverCounts.encrypted.get()).isEqualTo(total);
            assertThat(client.associations()).isEmpty();
        } finally {
            client.close(); // also when an assertion failed: no threads or sockets leak into later tests
            server.close();
        }
        resources.assertNoLeaks(Duration.ofSeconds(15));
        long grown = Poll.usedHeapAfterGc() - heapBefore;
        System.out.printf("soak: heap %+d KiB against the baseline%n", grown / 1024);
        assertThat(grown).as("heap growth in bytes after %d associations", total).isLessThan(16 * Poll.MIB);
    }

    /** One association: handshake, PINGS replies, close_notify, socket closed. */
    static void cycle(DtlsClient client, InetSocketAddress server, String name) throws Exception {
        CountDownLatch replies = new CountDownLatch(PINGS);
        AtomicLong failedEvents = new AtomicLong();
        AssociationListener listener = e -> {
            if (e instanceof AssociationEvent.ServerResponse) {
                replies.countDown();
            } else if (e instanceof AssociationEvent.Failed) {
                failedEvents.incrementAndGet();
            }
        };
        DtlsAssociation a = client.association(server).name(name).listener(listener).connect();
        a.handshake().get(15, TimeUnit.SECONDS);
        if (!replies.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + ": " + replies.getCount() + " of " + PINGS + " replies missing");
        }
        a.close();
        AssociationState end = a.terminated().get(10, TimeUnit.SECONDS);
        if (end != AssociationState.CLOSED || failedEvents.get() != 0) {
            throw new AssertionError(name + " ended " + end + " after " + failedEvents.get() + " failure(s)");
        }
    }

    /** A whole cycle on a throwaway server and client, to load classes before measuring. */
    static void cycleOnce() throws Exception {
        try (DtlsServer s = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
             DtlsClient c = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(20)).maxPings(PINGS).build()) {
            cycle(c, s.localAddress(), "Warm-up");
        }
    }
}
