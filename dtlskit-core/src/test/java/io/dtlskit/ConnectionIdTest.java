package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9146 Connection ID across a NAT rebinding: the relay (or the association itself) moves the
 * client to a new source port mid-session. With a CID the pings go on, answered by the same server
 * association, and the server reports the move; without one the association is lost, and reconnect
 * recovers it with a new handshake.
 */
class ConnectionIdTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private DtlsServer server(boolean cid) throws Exception {
        return closeLater(Qt.server().bind(ANY).cid(cid).listener(serverEvents).start());
    }

    private DtlsClient client(boolean cid) {
        return closeLater(Qt.client().cid(cid).keepAlive(Qt.PINGER, Duration.ofMillis(100))
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
    }

    private long replies() {
        return events.snapshot().stream().filter(e -> e instanceof AssociationEvent.ServerResponse).count();
    }

    @Test
    void withCidTheAssociationSurvivesANatRebinding() throws Exception {
        DtlsServer server = server(true);
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 14));
        DtlsAssociation a = client(true).association(relay.address()).name("Nat").listener(events).connect();
        HandshakeResult r = a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.connectionId()).as("the server's CID for us, hex").hasSize(2 * DtlsServer.DEFAULT_CID_LENGTH);
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 2, WAIT, "replies before the move");
        InetSocketAddress before = relay.upstreamAddress(a.localAddress());

        InetSocketAddress after = relay.rebind(a.localAddress());

        var moved = (ServerEvent.PeerMoved) serverEvents.await(e -> e instanceof ServerEvent.PeerMoved, WAIT,
                "the server following the move");
        assertThat(moved.from()).isEqualTo(before);
        assertThat(moved.peer()).isEqualTo(after);
        assertThat(moved.connectionId()).isEqualTo(r.connectionId());
        long atMove = replies();
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, (int) atMove + 3, WAIT,
                "replies after the move");
        var last = (AssociationEvent.ServerResponse) events.snapshot().reversed().stream()
                .filter(e -> e instanceof AssociationEvent.ServerResponse).findFirst().orElseThrow();
        assertThat(last.plaintextText()).as("the ACK names the new address").endsWith(after.getPort() + "): ACK");
        assertThat(server.stats().handshakesCompleted()).as("no new handshake").isEqualTo(1);
        assertThat(server.peers()).singleElement().satisfies(p -> assertThat(p.address()).isEqualTo(after));
        assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Reconnecting
                || e instanceof AssociationEvent.Warning);
        assertThat(serverEvents.snapshot()).filteredOn(e -> e instanceof ServerEvent.PeerEncrypted).hasSize(1);
    }

    @Test
    void withoutCidTheSameMoveLosesTheAssociationAndReconnectRecoversIt() throws Exception {
        DtlsServer server = server(false);
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 15));
        DtlsAssociation a = client(false).association(relay.address()).name("NoCid").listener(events).connect();
        assertThat(a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS).connectionId()).isNull();
        events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply before the move");

        relay.rebind(a.localAddress());

        var lost = (AssociationEvent.Reconnecting) events.await(e -> e instanceof AssociationEvent.Reconnecting, WAIT,
                "the association reported lost");
        assertThat(lost.reason()).isEqualTo("server answered none of the last 3 pings");
        events.awaitCount(e -> e instanceof AssociationEvent.HandshakeCompleted, 2, WAIT, "a new handshake");
        long atReconnect = replies();
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, (int) atReconnect + 1, WAIT,
                "replies after reconnecting");
        assertThat(server.stats().dropped()).as("the old session's pings from the new port")
                .containsKey(DropReason.UNKNOWN_PEER);
        assertThat(serverEvents.snapshot()).noneMatch(e -> e instanceof ServerEvent.PeerMoved);
    }

    @Test
    void theAssociationCanRebindItsOwnSocket() throws Exception {
        DtlsServer server = server(true);
        DtlsAssociation a = client(true).association(server.localAddress()).name("Roamer").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
        InetSocketAddress before = a.localAddress();

        InetSocketAddress after = a.rebind();

        assertThat(after.getPort()).isNotEqualTo(before.getPort());
        var rebound = (AssociationEvent.Rebound) events.await(e -> e instanceof AssociationEvent.Rebound, WAIT,
                "the rebind event");
        assertThat(rebound.message()).contains("the connection ID keeps the association");
        var moved = (ServerEvent.PeerMoved) serverEvents.await(e -> e instanceof ServerEvent.PeerMoved, WAIT,
                "the server following the move");
        assertThat(moved.peer().getPort()).isEqualTo(after.getPort());
        long atMove = replies();
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, (int) atMove + 2, WAIT,
                "replies on the new socket");
        assertThat(server.stats().handshakesCompleted()).isEqualTo(1);
    }

    @Test
    void aRecordWithAnUnknownCidIsDroppedAndCounted() throws Exception {
        DtlsServer server = server(true);
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 16));
        DtlsAssociation a = client(true).association(relay.address()).name("Known").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        byte[] forged = new byte[13 + DtlsServer.DEFAULT_CID_LENGTH + 32];
        forged[0] = 25; // tls12_cid
        forged[1] = (byte) 0xfe;
        forged[2] = (byte) 0xfd;
        forged[4] = 1;
        java.util.Arrays.fill(forged, 11, 11 + DtlsServer.DEFAULT_CID_LENGTH, (byte) 0x5a);
        forged[11 + DtlsServer.DEFAULT_CID_LENGTH + 1] = 32;
        relay.injectToServer(a.localAddress(), forged);
        // No event exists for a dropped datagram: look at the counter until it moves (bounded).
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.stats().dropped().getOrDefault(DropReason.UNKNOWN_CONNECTION_ID, 0L) < 1) {
            assertThat(System.nanoTime() - deadline).as("the forged record counted as an unknown CID").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        assertThat(server.stats().dropped()).containsEntry(DropReason.UNKNOWN_CONNECTION_ID, 1L);
        long atInject = replies();
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, (int) atInject + 1, WAIT,
                "the association unaffected");
    }

    /**
     * Until a moved peer's new address answers, the server sends it no more than it received from it:
     * a 1-byte message (a 45-byte record) does not pay for the ACK, a longer one does.
     */
    @Test
    void aNewAddressGetsNoMoreThanItSentUntilItAnswers() throws Exception {
        DtlsServer server = server(true);
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 17));
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).cid(true).build());
        DtlsAssociation a = client.association(relay.address()).name("Quiet").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        a.send("before".getBytes());
        events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply before the move");
        relay.rebind(a.localAddress());

        a.send("x".getBytes());

        serverEvents.await(e -> e instanceof ServerEvent.PeerMoved, WAIT, "the move");
        serverEvents.awaitCount(e -> e instanceof ServerEvent.MessageReceived, 2, WAIT, "the 1-byte message");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.stats().amplificationWithheld() < 1) { // the ACK is sent (or not) just after the event
            assertThat(System.nanoTime() - deadline).as("the ACK withheld").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        assertThat(replies()).as("no reply to the new address yet").isEqualTo(1);

        a.send("a message longer than the server's ACK to us, which pays for it".getBytes());

        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 2, WAIT, "the reply to the longer message");
        assertThat(server.stats().peersMoved()).isEqualTo(1);
        assertThat(server.stats().amplificationWithheld()).isEqualTo(1);
    }
}
