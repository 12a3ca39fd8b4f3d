package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.ResourceCheck;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client and server together over real UDP on 127.0.0.1 (issue 3's test list). */
class ClientServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final RecordingServerListener serverEvents = new RecordingServerListener();
    final RecordingListener events = new RecordingListener();
    final List<AutoCloseable> toClose = new ArrayList<>();
    DtlsServer server;
    DtlsClient client;
    ResourceCheck resources;

    @BeforeEach
    void start() throws Exception {
        resources = ResourceCheck.baseline();
        server = startServer(serverEvents);
        client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(200)).build();
    }

    DtlsServer startServer(ServerListener listener) throws Exception {
        DtlsServer s = Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).listener(listener).start();
        toClose.add(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    static HandshakeResult handshake(DtlsAssociation a) throws Exception {
        return a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void handshakePingAndExactAck() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Alice (clone number 0)").listener(events).connect();
        HandshakeResult result = handshake(a);
        assertThat(result.cipherSuite()).isEqualTo("TLS_PSK_WITH_AES_128_GCM_SHA256");
        assertThat(result.identityHint()).isEqualTo("Qt DTLS example server");
        assertThat(result.protocol()).isEqualTo("DTLS 1.2");

        var reply = (AssociationEvent.ServerResponse) events.await(
                e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
        assertThat(reply.plaintextText()).isEqualTo("to (127.0.0.1:" + a.localAddress().getPort() + "): ACK");
        assertThat(reply.datagram()[0]).as("application_data record").isEqualTo((byte) 23);

        var got = (ServerEvent.MessageReceived) serverEvents.await(
                e -> e instanceof ServerEvent.MessageReceived, WAIT, "ping at server");
        assertThat(got.plaintextText()).isEqualTo("I am Alice (clone number 0), please, accept our ping 0");
    }

    @Test
    void pingsCountUpAndEveryOneIsAnswered() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Bob").listener(events).connect();
        handshake(a);
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 3, WAIT, "three replies");
        List<String> pings = serverEvents.awaitCount(e -> e instanceof ServerEvent.MessageReceived, 3, WAIT,
                        "three pings at the server (server events come from their own thread)").stream()
                .map(e -> ((ServerEvent.MessageReceived) e).plaintextText()).limit(3).toList();
        assertThat(pings).containsExactly("I am Bob, please, accept our ping 0", "I am Bob, please, accept our ping 1",
                "I am Bob, please, accept our ping 2");
        assertThat(a.stats().medianRoundTrip()).isNotNull();
    }

    @Test
    void threeAssociationsToOneServerAndTwoServersAtOnce() throws Exception {
        DtlsServer second = startServer(ServerListener.NONE);
        List<DtlsAssociation> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(client.connect(server.localAddress(), events));
        }
        for (int i = 0; i < 2; i++) {
            all.add(client.connect(second.localAddress(), events));
        }
        for (DtlsAssociation a : all) {
            handshake(a);
            events.await(e -> e instanceof AssociationEvent.ServerResponse r && r.association().equals(a.name()),
                    WAIT, "a reply for " + a.name());
        }
        assertThat(all).extracting(DtlsAssociation::name).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("Alice \\(clone number \\d+\\)"));
        assertThat(server.stats().associations()).isEqualTo(3);
        assertThat(second.stats().associations()).isEqualTo(2);
        assertThat(server.stats().helloVerifyRequestsSent()).as("a cookie exchange per peer").isEqualTo(3);
    }

    @Test
    void clientTraceFollowsQtCompatibilitySection5() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Alice (clone number 0)").listener(events).connect();
        handshake(a);
        events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
        String n = "Alice (clone number 0): ";
        assertThat(events.qtMessages(a.name())).containsSubsequence(
                n + "connecting UDP socket first ...",
                n + "UDP socket is now in ConnectedState, continue with handshake ...",
                n + "starting a handshake",
                n + "continuing with handshake ...",      // the HelloVerifyRequest
                n + "providing pre-shared key ...",
                n + "continuing with handshake ...",
                n + "encrypted connection established!");
        assertThat(events.kinds(a.name())).containsSubsequence("HandshakeCompleted", "PingSent", "ServerResponse");
    }

    @Test
    void serverTraceFollowsSpecSection5() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Alice (clone number 0)").listener(events).connect();
        handshake(a);
        serverEvents.await(e -> e instanceof ServerEvent.MessageReceived, WAIT, "a ping");
        String p = "(127.0.0.1:" + a.localAddress().getPort() + ")";
        assertThat(serverEvents.messages()).containsSubsequence(
                "Server is listening on address 127.0.0.1 and port " + server.localAddress().getPort(),
                p + ": not verified yet",
                p + ": verified, starting a handshake",
                p + ": handshake is in progress ...",
                "PSK callback, received a client's identity: 'Alice (clone number 0)'",
                "Connection with " + p + " encrypted. Session cipher: PSK-AES128-GCM-SHA256; session protocol: DTLS 1.2.");
    }

    @Test
    void wrongPskFailsWithinTheHandshakeTimeoutAndSaysWhy() throws Exception {
        try (DtlsClient wrong = Qt.client().pskKey(PskKey.ofHex("00112233"))
                .handshakeTimeout(Duration.ofSeconds(3)).build()) {
            DtlsAssociation a = wrong.association(server.localAddress()).name("Mallory").listener(events).connect();
            long start = System.nanoTime();
            assertThatThrownBy(() -> handshake(a)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(HandshakeTimeoutException.class)
                    .hasMessageContaining("Mallory")
                    .hasMessageContaining("wrong PSK key");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.FAILED);
            assertThat(events.snapshot()).last().isInstanceOf(AssociationEvent.Closed.class);
        }
    }

    @Test
    void noServerRetransmitsThenGivesUpAtTheConfiguredTimeout() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            port = s.getLocalPort(); // nobody listens there once closed
        }
        // portUnreachableLimit(0): the timers are under test here, not the early end on ICMP answers.
        try (DtlsClient c = Qt.client().handshakeTimeout(Duration.ofMillis(3500)).portUnreachableLimit(0).build()) {
            DtlsAssociation a = c.association(new InetSocketAddress(LOOPBACK, port)).name("Nobody").listener(events).connect();
            assertThatThrownBy(() -> handshake(a)).cause().isInstanceOf(HandshakeTimeoutException.class)
                    .hasMessageContaining("Nobody: handshake timed out after 3500 ms");
            var retransmissions = events.snapshot().stream()
                    .filter(e -> e instanceof AssociationEvent.Retransmission)
                    .map(e -> (AssociationEvent.Retransmission) e).toList();
            // RFC 6347 §4.2.4.1: 1 s, then 2 s: at least two retransmissions before 3.5 s.
            assertThat(retransmissions).hasSizeGreaterThanOrEqualTo(2);
            assertThat(retransmissions.get(0).message()).isEqualTo("Nobody: handshake timeout, trying to re-transmit");
            assertThat(retransmissions).extracting(AssociationEvent.Retransmission::attempt).startsWith(1, 2);
            assertThat(retransmissions.get(1).timeout()).isGreaterThan(retransmissions.get(0).timeout());
            assertThat(events.snapshot()).filteredOn(e -> e instanceof AssociationEvent.Failed).hasSize(1);
        }
    }

    @Test
    void serverCloseNotifyIsReportedAsShutdownAlert() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Carol").listener(events).connect();
        handshake(a);
        events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
        server.close();
        var alert = events.await(e -> e instanceof AssociationEvent.AlertReceived, WAIT, "close_notify");
        assertThat(alert.message()).isEqualTo("Carol: shutdown alert received");
        assertThat(alert.level()).isEqualTo(EventLevel.ERROR);
        assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        var closed = (AssociationEvent.Closed) events.await(e -> e instanceof AssociationEvent.Closed, WAIT, "closed");
        assertThat(closed.reason()).isEqualTo("close_notify received");
        long pingsAtClose = a.stats().pingsSent();
        assertThat(a.stats().pingsSent()).as("pings stop").isEqualTo(pingsAtClose);
    }

    @Test
    void clientShutdownMakesTheServerForgetThePeer() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Dave").listener(events).connect();
        handshake(a);
        assertThat(server.peers()).hasSize(1);
        a.close();
        assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        var closed = serverEvents.await(e -> e instanceof ServerEvent.PeerClosed, WAIT, "peer forgotten");
        assertThat(closed.message()).endsWith("shutdown alert received, peer forgotten");
        assertThat(server.peers()).isEmpty();
    }

    @Test
    void garbageToTheServerIsDroppedAndCountedWhileOthersKeepWorking() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Erin").listener(events).connect();
        handshake(a);
        Random random = new Random(42);
        try (DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            for (int i = 0; i < 200; i++) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                if (i % 2 == 0 && junk.length > 13) {
                    junk[0] = 22;          // handshake content type
                    junk[1] = (byte) 0xfe; // DTLS
                }
                attacker.send(new java.net.DatagramPacket(junk, junk.length, server.localAddress()));
            }
        }
        long before = a.stats().repliesReceived();
        events.await(e -> e instanceof AssociationEvent.ServerResponse r && a.stats().repliesReceived() > before + 1,
                WAIT, "replies after the garbage");
        // Drops are counted as the reactor reads them: wait (bounded) until all 200 are.
        assertThat(awaitCount(() -> server.stats().droppedTotal(), 200)).isEqualTo(200);
        assertThat(server.stats().associations()).isEqualTo(1);
        assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
    }

    @Test
    void garbageToTheClientIsDroppedAndCounted() throws Exception {
        try (UdpRelay relay = new UdpRelay(server.localAddress(), 7)) {
            DtlsAssociation a = client.association(relay.address()).name("Frank").listener(events).connect();
            handshake(a);
            Random random = new Random(7);
            long malformed = 0;
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                if (io.dtlskit.internal.Records.check(junk, junk.length, 16384) != null) {
                    malformed++; // the rest reach the engine, which drops them (bad record or MAC)
                }
                relay.injectToClient(a.localAddress(), junk);
            }
            long before = a.stats().repliesReceived();
            events.await(e -> e instanceof AssociationEvent.ServerResponse && a.stats().repliesReceived() > before + 1,
                    WAIT, "replies after the garbage");
            assertThat(malformed).isGreaterThan(40);
            assertThat(awaitCount(() -> a.stats().droppedTotal(), malformed)).isEqualTo(malformed);
            assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
        }
    }

    @Test
    void restartedClientOnTheSamePortGetsANewAssociation() throws Exception {
        DtlsAssociation first = client.association(server.localAddress()).name("Grace").listener(events).connect();
        handshake(first);
        InetSocketAddress local = first.localAddress();
        first.abort(); // lost power: no close_notify, the server still holds the old association
        first.terminated().get(5, TimeUnit.SECONDS);
        assertThat(server.peers()).hasSize(1);

        DtlsAssociation second = client.association(server.localAddress()).name("Grace again")
                .localAddress(local).listener(events).connect();
        handshake(second);
        serverEvents.await(e -> e instanceof ServerEvent.PeerReplaced, WAIT, "RFC 6347 4.2.8 replacement");
        events.await(e -> e instanceof AssociationEvent.ServerResponse r && r.association().equals("Grace again"),
                WAIT, "a reply on the new association");
        assertThat(server.peers()).hasSize(1);
    }

    @Test
    void stopListeningRefusesNewPeersButExistingSessionsKeepWorking() throws Exception {
        DtlsAssociation old = client.association(server.localAddress()).name("Heidi").listener(events).connect();
        handshake(old);
        server.stopListening();
        serverEvents.await(e -> e.message().equals("Server is not accepting new connections"), WAIT,
                "the notice (server events come from their own thread)");
        try (DtlsClient late = Qt.client().handshakeTimeout(Duration.ofMillis(1500)).build()) {
            DtlsAssociation refused = late.association(server.localAddress()).name("Late").listener(events).connect();
            assertThatThrownBy(() -> handshake(refused)).cause().isInstanceOf(HandshakeTimeoutException.class);
        }
        assertThat(server.stats().dropped()).containsKey(DropReason.NOT_LISTENING);
        long replies = old.stats().repliesReceived();
        events.await(e -> e instanceof AssociationEvent.ServerResponse r && r.association().equals("Heidi")
                && old.stats().repliesReceived() > replies, WAIT, "Heidi still answered");
        server.startListening();
        DtlsAssociation welcome = client.association(server.localAddress()).name("Welcome").listener(events).connect();
        handshake(welcome);
    }

    @Test
    void closingDuringTheHandshakeEndsCleanly() throws Exception {
        // A server that never answers keeps the association handshaking until we close it.
        try (DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) {
            DtlsAssociation a = client.association((InetSocketAddress) silent.getLocalSocketAddress()).name("Ivan")
                    .listener(events).connect();
            events.await(e -> e instanceof AssociationEvent.HandshakeStarted, WAIT, "handshake started");
            a.close();
            assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
            assertThatThrownBy(() -> handshake(a)).cause().isInstanceOf(AssociationClosedException.class);
            assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Failed);
        }
    }

    /**
     * Counters have no event to wait on: poll (bounded by WAIT, parking 1 ms between looks) until the
     * count reaches {@code target}; returns the count then.
     */
    private static long awaitCount(java.util.function.LongSupplier count, long target) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count.getAsLong() < target && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return count.getAsLong();
    }
}
