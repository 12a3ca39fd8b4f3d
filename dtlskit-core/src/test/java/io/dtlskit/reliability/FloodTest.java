package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.LeakCheckedTest;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.PeerInfo;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ClientHello flood without cookies from many source ports (issue 7, "flood test"): the server
 * answers only with HelloVerifyRequests no larger than the request (no amplification, RFC 6347 §4.2.1),
 * keeps no state for any of them, and legitimate clients connect during the flood.
 */
class FloodTest extends LeakCheckedTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int SOCKETS = 64;
    static final int FLOOD = 8_000;
    static final int LEGITIMATE = 3;

    /** One flooding socket: a fixed request size, and what came back to it. */
    static final class Flooder {
        final DatagramChannel channel;
        final int padding;
        final int requestSize;
        final List<byte[]> replies = new ArrayList<>();

        Flooder(int padding, Random random) throws IOException {
            this.padding = padding;
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress(LOOPBACK, 0));
            channel.configureBlocking(false);
            requestSize = Wire.clientHello(random, new byte[0], padding).length;
        }

        void drain() throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            while (channel.receive(buf.clear()) != null) {
                byte[] d = new byte[buf.flip().remaining()];
                buf.get(d);
                replies.add(d);
            }
        }
    }

    @Test
    void cookielessClientHelloFloodGetsOnlySmallHelloVerifyRequestsAndNoStateWhileLegitimateClientsConnect()
            throws Exception {
        AtomicLong helloVerifyEvents = new AtomicLong();
        DtlsServer server = Qt.server().bind(new InetSocketAddress(LOOPBACK, 0))
                .listener(e -> {
                    if (e instanceof io.dtlskit.ServerEvent.HelloVerifySent) {
                        helloVerifyEvents.incrementAndGet();
                    }
                }).start();
        closeLater(server);
        Random random = new Random(4_2_1);
        List<Flooder> flooders = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            Flooder f = new Flooder(i % 8 == 0 ? 0 : (i % 8) * 16, random); // requests of 67 to 185 bytes
            flooders.add(f);
            closeLater(f.channel);
        }

        AtomicBoolean legitimateDone = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        long[] floodNanos = new long[1];
        Thread flood = Thread.ofPlatform().name("test-flood").start(() -> {
            Random r = new Random(7);
            long start = System.nanoTime();
            try {
                // Batches of one ClientHello per socket (a fresh client random each), paced to about
                // 8,000 per second so the 2-core machine keeps some room for the legitimate clients.
                while (sent.get() < FLOOD || !legitimateDone.get()) {
                    for (Flooder f : flooders) {
                        byte[] hello = Wire.clientHello(r, new byte[0], f.padding);
                        f.channel.send(ByteBuffer.wrap(hello), server.localAddress());
                        sent.incrementAndGet();
                        f.drain();
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(8)); // rate control, not a wait
                    if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                        break; // a hung legitimate client must not make the flood run forever
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                floodNanos[0] = System.nanoTime() - start;
            }
        });

        // Legitimate clients connect while the flood is under way.
        Poll.until(() -> sent.get() >= 1_000, Duration.ofSeconds(10), "the flood is under way", sent::get);
        RecordingListener events = new RecordingListener();
        DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(100))
                .initialRetransmit(Duration.ofMillis(200)).handshakeTimeout(Duration.ofSeconds(20)).build();
        closeLater(client);
        List<DtlsAssociation> legit = new ArrayList<>();
        for (int i = 0; i < LEGITIMATE; i++) {
            legit.add(client.association(server.localAddress()).name("Legit-" + i).listener(events).connect());
        }
        for (DtlsAssociation a : legit) {
            a.handshake().get(30, TimeUnit.SECONDS);
            events.await(e -> e instanceof AssociationEvent.ServerResponse && e.association().equals(a.name()),
                    Duration.ofSeconds(20), "a reply for " + a.name());
        }
        assertThat(flood.isAlive()).as("legitimate clients got through while the flood was still running").isTrue();
        legitimateDone.set(true);
        flood.join(TimeUnit.SECONDS.toMillis(70));
        assertThat(flood.isAlive()).isFalse();

        // Everything the server has read by now is answered or dropped; then collect the last replies.
        long floodSent = sent.get();
        Poll.until(() -> server.stats().datagramsReceived() >= floodSent * 9 / 10, Duration.ofSeconds(10),
                "the server read the flood", server::stats);
        for (Flooder f : flooders) {
            f.drain();
        }

        double rate = floodSent / (floodNanos[0] / 1e9);
        long replies = flooders.stream().mapToLong(f -> f.replies.size()).sum();
        System.out.printf("flood: %d ClientHellos in %.1f s (%.0f/s), %d HelloVerifyRequests back%n",
                floodSent, floodNanos[0] / 1e9, rate, replies);
        assertThat(rate).as("ClientHellos per second").isGreaterThan(1_000);
        assertThat(replies).as("most requests answered").isGreaterThan(floodSent / 2);
        for (Flooder f : flooders) {
            for (byte[] reply : f.replies) {
                assertThat(Wire.isHelloVerifyRequest(reply)).as("only HelloVerifyRequests").isTrue();
                assertThat(Wire.records(reply)).hasSize(1);
                assertThat(reply.length).as("no amplification: reply <= request of " + f.requestSize + " bytes")
                        .isLessThanOrEqualTo(f.requestSize);
            }
        }
        assertThat(server.stats().helloVerifyRequestsSent()).isGreaterThanOrEqualTo(replies).isEqualTo(helloVerifyEvents.get());
        // No state from the flood: the only peers are the legitimate clients.
        Set<Integer> legitPorts = legit.stream().map(a -> a.localAddress().getPort()).collect(Collectors.toSet());
        assertThat(server.peers()).extracting(PeerInfo::address).extracting(InetSocketAddress::getPort)
                .containsExactlyInAnyOrderElementsOf(legitPorts);
        assertThat(server.stats().associations()).isEqualTo(LEGITIMATE);
        assertThat(server.stats().handshakesInProgress()).isZero();
        assertThat(server.stats().handshakesCompleted()).isEqualTo(LEGITIMATE);
        assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Failed);
    }
}
