package io.dtlskit.reliability;

import io.dtlskit.AssociationClosedException;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerHandler;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The library defects listed in issue 12, each with the scenario that showed it. */
class LibraryDefectsTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void closeDuringAReconnectBackoffCompletesTheHandshakeFuture() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) { // receives, never answers
            DtlsClient client = closeLater(Qt.client().handshakeTimeout(Duration.ofMillis(400))
                    .initialRetransmit(Duration.ofMillis(100)).reconnect(Duration.ofSeconds(30), Duration.ofSeconds(30))
                    .build());
            DtlsAssociation a = client.association((InetSocketAddress) silent.getLocalSocketAddress()).name("Lea")
                    .listener(events).connect();
            events.await(e -> e instanceof AssociationEvent.Reconnecting, WAIT, "a reconnection backoff");
            a.close();
            Throwable failure = catchThrowable(() -> a.handshake().get(5, TimeUnit.SECONDS));
            assertThat(failure).as("handshake() completes").isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AssociationClosedException.class);
            assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        }
    }

    @Test
    void aThirtyDayPingIntervalWaitsInsteadOfOverflowing() throws Exception {
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).start());
        DtlsClient client = closeLater(Qt.client().keepAlive(Qt.PINGER, Duration.ofDays(30)).build());
        DtlsAssociation a = client.association(server.localAddress()).name("Max").onData((x, d) -> { })
                .listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "the reply to ping 0");
        assertThat(a.send("more".getBytes(StandardCharsets.US_ASCII)).isAccepted()).isTrue();
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 2, WAIT, "a reply while the next ping is 30 days away");
        assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Failed);
        assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
    }

    @Test
    void reconnectClosesTheOldEngineWithCloseNotify() throws Exception {
        // A server that never answers: the client's pings go unanswered and it reconnects.
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0))
                .handler(ServerHandler.discard()).listener(serverEvents).start());
        DtlsClient client = closeLater(Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(100)).unansweredPingsLimit(2)
                .reconnect(Duration.ofMillis(100), Duration.ofMillis(100)).build());
        DtlsAssociation a = client.association(server.localAddress()).name("Ned").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        int port = a.localAddress().getPort();
        events.await(e -> e instanceof AssociationEvent.Reconnecting, WAIT, "a reconnection after unanswered pings");
        var closed = (ServerEvent.PeerClosed) serverEvents.await(
                e -> e instanceof ServerEvent.PeerClosed c && c.peer().getPort() == port, WAIT,
                "the old association ended at the server");
        assertThat(closed.reason()).as("the old engine sent close_notify").startsWith("shutdown alert received");
    }

    @Test
    void forgedDatagramsDoNotKeepAnIdleSessionAlive() throws Exception {
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0))
                .idleTimeout(Duration.ofMillis(800)).listener(serverEvents).start());
        DtlsClient client = closeLater(Qt.client().keepAlive(Qt.PINGER, Duration.ZERO).build());
        DtlsAssociation a = client.association(server.localAddress()).name("Olga").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        InetSocketAddress local = a.localAddress();
        a.abort(); // no close_notify: the server still holds the association
        a.terminated().get(5, TimeUnit.SECONDS);
        Random random = new Random(12);
        try (DatagramSocket forger = new DatagramSocket(local)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            // One forged record, then up to 50 ms for the idle close, again and again: the session sees a
            // forged datagram far more often than its 800 ms idle timeout.
            do {
                assertThat(System.nanoTime()).as("the idle timeout despite forged records").isLessThan(deadline);
                // An epoch-1 application_data record with a garbage body: framed right, never authentic.
                byte[] d = new byte[13 + 40];
                random.nextBytes(d);
                d[0] = 23;
                d[1] = (byte) 0xfe;
                d[2] = (byte) 0xfd;
                d[3] = 0;
                d[4] = 1;
                d[11] = 0;
                d[12] = 40;
                forger.send(new DatagramPacket(d, d.length, server.localAddress()));
            } while (!serverEvents.pollCount(e -> e instanceof ServerEvent.PeerClosed, 1, Duration.ofMillis(50)));
        }
        var closed = (ServerEvent.PeerClosed) serverEvents.await(e -> e instanceof ServerEvent.PeerClosed, WAIT, "idle close");
        assertThat(closed.reason()).startsWith("idle for");
    }

    @Test
    void noSessionOutlivesServerCloseEvenIfItsHandshakeStartedDuringClose() throws Exception {
        Random random = new Random(13);
        for (int i = 0; i < 10; i++) {
            RecordingServerListener steps = new RecordingServerListener();
            DtlsServer server = Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).initialRetransmit(Duration.ofMillis(100))
                    .handshakeTimeout(Duration.ofSeconds(30)).listener(steps).start();
            try (DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ZERO)
                    .initialRetransmit(Duration.ofMillis(100)).handshakeTimeout(Duration.ofSeconds(2)).build()) {
                DtlsAssociation first = client.association(server.localAddress()).connect();
                first.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                InetSocketAddress local = first.localAddress();
                first.abort();
                first.terminated().get(5, TimeUnit.SECONDS);
                // The same address handshakes again: a successor beside the old association (RFC 6347 §4.2.8).
                client.association(server.localAddress()).localAddress(local).connect();
                // Where in the successor's handshake close() lands: at once, after its HelloVerifyRequest,
                // after its cookie verified, or after its handshake made progress (the second of each).
                int step = random.nextInt(4);
                if (step > 0) {
                    Class<?> mark = step == 1 ? ServerEvent.HelloVerifySent.class
                            : step == 2 ? ServerEvent.PeerVerified.class : ServerEvent.HandshakeProgress.class;
                    steps.pollCount(mark::isInstance, 2, Duration.ofSeconds(2));
                }
                server.close();
                assertThat(server.stats().handshakesInProgress()).as("no handshake left running").isZero();
                assertThat(server.peers()).as("no association left").isEmpty();
            }
        }
    }
}
