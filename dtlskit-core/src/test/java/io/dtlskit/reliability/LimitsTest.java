package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.DropReason;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server limits (issue 7, "Hostile input and limits"): beyond a limit new peers are refused and counted,
 * established ones are untouched; oversize datagrams and oversize epoch-0 handshake messages are
 * dropped before Bouncy Castle sees them.
 */
class LimitsTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();


    DtlsServer.Builder server() {
        return Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).listener(serverEvents);
    }

    DtlsClient pingingClient() {
        return closeLater(Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(100)).build());
    }

    /** Waits until {@code a} has had {@code more} replies beyond what it has now. */
    void awaitMoreReplies(DtlsAssociation a, int more) {
        long target = a.stats().repliesReceived() + more;
        events.await(e -> e instanceof AssociationEvent.ServerResponse && a.stats().repliesReceived() >= target,
                WAIT, more + " more replies for " + a.name());
    }

    static long dropped(DtlsServer s, DropReason reason) {
        return s.stats().dropped().getOrDefault(reason, 0L);
    }

    @Test
    void beyondMaxAssociationsANewPeerIsRefusedAndCountedWhileEstablishedOnesKeepPinging() throws Exception {
        DtlsServer server = closeLater(server().maxAssociations(2).start());
        DtlsClient client = pingingClient();
        DtlsAssociation first = client.association(server.localAddress()).name("First").listener(events).connect();
        DtlsAssociation second = client.association(server.localAddress()).name("Second").listener(events).connect();
        first.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        DtlsClient late = closeLater(Qt.client().handshakeTimeout(Duration.ofMillis(1500))
                .initialRetransmit(Duration.ofMillis(100)).build());
        DtlsAssociation third = late.association(server.localAddress()).name("Third").listener(events).connect();
        assertThatThrownBy(() -> third.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(HandshakeTimeoutException.class)
                .hasMessageContaining("no answer at all");
        assertThat(third.stats().datagramsReceived()).as("not even a HelloVerifyRequest for a refused peer").isZero();
        // Every datagram the refused peer sent is a ClientHello (a retransmitted flight goes out twice).
        long clientHellos = third.stats().datagramsSent();
        assertThat(clientHellos).as("first ClientHello once, each retransmission twice")
                .isEqualTo(1 + 2L * third.stats().retransmissions());
        Poll.until(() -> dropped(server, DropReason.LIMIT_REACHED) >= clientHellos, WAIT,
                "all " + clientHellos + " ClientHellos of the refused peer counted", server::stats);
        assertThat(dropped(server, DropReason.LIMIT_REACHED)).as("every ClientHello of the refused peer is counted")
                .isEqualTo(clientHellos);
        assertThat(server.stats().associations()).isEqualTo(2);
        assertThat(server.stats().helloVerifyRequestsSent()).isEqualTo(2);

        awaitMoreReplies(first, 3);
        awaitMoreReplies(second, 3);
        assertThat(List.of(first.state(), second.state())).containsOnly(AssociationState.ENCRYPTED);

        // The limit counts current associations: once one leaves, a new peer gets in.
        first.close();
        serverEvents.await(e -> e instanceof ServerEvent.PeerClosed, WAIT, "First forgotten");
        DtlsAssociation fourth = client.association(server.localAddress()).name("Fourth").listener(events).connect();
        fourth.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitMoreReplies(fourth, 1);
        assertThat(server.stats().associations()).isEqualTo(2);
    }

    @Test
    void beyondMaxHandshakesANewPeerIsRefusedUntilAHandshakeSlotFrees() throws Exception {
        Duration stall = Duration.ofSeconds(2);
        DtlsServer server = closeLater(server().maxHandshakes(2).handshakeTimeout(stall)
                .initialRetransmit(Duration.ofMillis(100)).start());
        DtlsClient client = pingingClient();
        DtlsAssociation established = client.association(server.localAddress()).name("Established").listener(events).connect();
        established.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // Two handshakes that stall (wrong key: the server never verifies their Finished).
        DtlsClient wrong = closeLater(Qt.client().pskKey(PskKey.ofHex("0badc0de"))
                .handshakeTimeout(Duration.ofSeconds(30)).initialRetransmit(Duration.ofMillis(100)).build());
        DtlsAssociation stalled1 = wrong.association(server.localAddress()).name("Stalled-1").listener(events).connect();
        DtlsAssociation stalled2 = wrong.association(server.localAddress()).name("Stalled-2").listener(events).connect();
        Poll.until(() -> server.stats().handshakesInProgress() == 2, WAIT, "two handshakes in progress", server::stats);
        long repliesBefore = established.stats().repliesReceived();

        DtlsClient lateClient = closeLater(Qt.client().handshakeTimeout(Duration.ofSeconds(20))
                .initialRetransmit(Duration.ofMillis(100)).keepAlive(Qt.PINGER, Duration.ofMillis(100)).build());
        DtlsAssociation late = lateClient.association(server.localAddress()).name("Late").listener(events).connect();
        Poll.until(() -> dropped(server, DropReason.LIMIT_REACHED) > 0, WAIT, "the late peer is refused", server::stats);
        assertThat(server.stats().handshakesInProgress()).isEqualTo(2);
        assertThat(late.state()).isEqualTo(AssociationState.HANDSHAKING);

        // The stalled handshakes expire after the server's handshake timeout; the late peer's
        // retransmitted ClientHello then gets in.
        late.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitMoreReplies(late, 1);
        assertThat(server.stats().handshakesFailed()).isEqualTo(2);
        assertThat(established.stats().repliesReceived()).as("the established association kept pinging")
                .isGreaterThan(repliesBefore + 10);
        assertThat(established.state()).isEqualTo(AssociationState.ENCRYPTED);
        assertThat(List.of(stalled1.state(), stalled2.state())).doesNotContain(AssociationState.ENCRYPTED);
    }

    @Test
    void datagramsAboveMaxDatagramAreDroppedUnreadAndCounted() throws Exception {
        int max = 512;
        DtlsServer server = closeLater(server().maxDatagram(max).start());
        DtlsAssociation a = pingingClient().association(server.localAddress()).name("Beside").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Random random = new Random(512);
        try (DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            // Well-framed application_data records of exactly max, max + 1 and 60,000 bytes, one at a
            // time: a burst of 60 KB datagrams would overflow the kernel's receive buffer instead.
            int[] sizes = {max, max + 1, 60_000};
            long sent = 0;
            for (int size : sizes) {
                for (int i = 0; i < 10; i++) {
                    byte[] body = new byte[size - Wire.RECORD_HEADER];
                    random.nextBytes(body);
                    byte[] d = Wire.record(Wire.APPLICATION_DATA, 1, i, body);
                    attacker.send(new DatagramPacket(d, d.length, server.localAddress()));
                    long counted = ++sent;
                    Poll.until(() -> server.stats().droppedTotal() >= counted, WAIT, "datagram " + counted + " counted",
                            server::stats);
                }
            }
        }
        assertThat(dropped(server, DropReason.OVERSIZE)).as("max + 1 and 60,000 bytes").isEqualTo(20);
        assertThat(dropped(server, DropReason.UNKNOWN_PEER)).as("exactly max bytes is read (then refused as unknown)").isEqualTo(10);
        awaitMoreReplies(a, 2);
        assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
    }

    @Test
    void handshakeMessagesDeclaringSixteenMebibytesAreDroppedBeforeTheEngineAndAllocateNothing() throws Exception {
        DtlsServer server = closeLater(server().handshakeTimeout(Duration.ofSeconds(30)).start());
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 16));
        DtlsAssociation beside = pingingClient().association(server.localAddress()).name("Beside").listener(events).connect();
        beside.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // A handshake in progress on the server (wrong key: it stays there), reached through the relay so
        // that we can send from its address.
        DtlsClient wrong = closeLater(Qt.client().pskKey(PskKey.ofHex("0badc0de"))
                .handshakeTimeout(Duration.ofSeconds(30)).build());
        DtlsAssociation victim = wrong.association(relay.address()).name("Victim").listener(events).connect();
        events.await(e -> e instanceof AssociationEvent.PskProvided && e.association().equals("Victim"), WAIT, "victim mid-handshake");
        Poll.until(() -> server.stats().handshakesInProgress() == 1, WAIT, "one handshake in progress", server::stats);
        long heapBefore = Poll.usedHeapAfterGc();
        long helloVerifyBefore = server.stats().helloVerifyRequestsSent();
        int huge = 0xFFFFFF; // 16 MiB - 1, the most a handshake header can declare

        Random random = new Random(0xFFFFFF);
        try (DatagramSocket stranger = new DatagramSocket(0, LOOPBACK)) {
            for (int i = 0; i < 50; i++) {
                byte[] fragment = new byte[100];
                random.nextBytes(fragment);
                byte[] d = Wire.record(Wire.HANDSHAKE, 0, i, Wire.handshake(Wire.CLIENT_HELLO, huge, 0, 0, fragment));
                stranger.send(new DatagramPacket(d, d.length, server.localAddress()));
            }
        }
        // Into the handshake in progress: every message sequence number its reassembler would accept.
        for (int round = 0; round < 4; round++) {
            for (int seq = 0; seq < 16; seq++) {
                byte[] fragment = new byte[100];
                random.nextBytes(fragment);
                byte[] d = Wire.record(Wire.HANDSHAKE, 0, 1000 + round * 16 + seq,
                        Wire.handshake(Wire.CLIENT_KEY_EXCHANGE, huge, seq, 0, fragment));
                relay.injectToServer(victim.localAddress(), d);
            }
        }
        Poll.until(() -> dropped(server, DropReason.HANDSHAKE_TOO_LARGE) >= 114, WAIT, "all 114 counted", server::stats);
        assertThat(dropped(server, DropReason.HANDSHAKE_TOO_LARGE)).isEqualTo(114);
        assertThat(server.stats().helloVerifyRequestsSent()).as("no cookie for an oversize ClientHello").isEqualTo(helloVerifyBefore);
        long grown = Poll.usedHeapAfterGc() - heapBefore;
        // Reassembling them would take 16 MiB per message sequence number (256 MiB for the 16 above).
        assertThat(grown).as("heap growth in bytes").isLessThan(32 * Poll.MIB);
        assertThat(server.stats().handshakesInProgress()).as("the victim's handshake is still there").isEqualTo(1);
        assertThat(serverEvents.snapshot()).noneMatch(e -> e instanceof ServerEvent.PeerFailed);
        awaitMoreReplies(beside, 2);
        victim.abort();
    }
}
