package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.ResourceCheck;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Server restarts as clients see them, with and without the client's reconnect option (issue 7). */
class ReconnectTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final RecordingListener events = new RecordingListener();
    ResourceCheck resources;

    @BeforeEach
    void baseline() {
        resources = ResourceCheck.baseline();
    }

    @AfterEach
    void noLeaks() throws Exception {
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    static DtlsServer server(int port, ServerListener listener) throws Exception {
        return Qt.server().bind(new InetSocketAddress(LOOPBACK, port)).listener(listener).start();
    }

    static DtlsClient reconnectingClient() {
        return Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(150)).reconnect(Duration.ofMillis(200), Duration.ofSeconds(2))
                .initialRetransmit(Duration.ofMillis(300)).build();
    }

    @Test
    void serverRestartedWithCloseNotifyOnTheSamePort() throws Exception {
        DtlsServer first = server(0, ServerListener.NONE);
        int port = first.localAddress().getPort();
        try (DtlsClient client = reconnectingClient()) {
            DtlsAssociation a = client.association(first.localAddress()).name("Ivy").listener(events).connect();
            a.handshake().get(20, TimeUnit.SECONDS);
            events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply from the first server");
            first.close(); // close_notify to Ivy
            RecordingServerListener secondEvents = new RecordingServerListener();
            try (DtlsServer second = server(port, secondEvents)) {
                events.await(e -> e instanceof AssociationEvent.AlertReceived, WAIT, "close_notify");
                var again = events.await(e -> e instanceof AssociationEvent.Reconnecting, WAIT, "a reconnection");
                assertThat(again.message()).isEqualTo("Ivy: reconnecting in 200 ms (attempt 1)");
                events.awaitCount(e -> e instanceof AssociationEvent.HandshakeCompleted, 2, WAIT, "a second handshake");
                // The server counts its handshake after sending its last flight, so the client may finish
                // first: PeerEncrypted is emitted once the count is updated.
                secondEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, WAIT, "the restarted server's handshake");
                assertThat(second.stats().handshakesCompleted()).isEqualTo(1);
                events.await(e -> e instanceof AssociationEvent.ServerResponse && second.peers().size() == 1
                        && a.state() == AssociationState.ENCRYPTED, WAIT, "replies from the restarted server");
                assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Failed);
            }
        }
    }

    @Test
    void crashedServerThatLostItsStateIsDetectedBySilenceAndReplaced() throws Exception {
        RecordingServerListener secondEvents = new RecordingServerListener();
        try (DtlsServer first = server(0, ServerListener.NONE);
             DtlsServer second = server(0, secondEvents);
             UdpRelay relay = new UdpRelay(first.localAddress(), 11);
             DtlsClient client = reconnectingClient()) {
            DtlsAssociation a = client.association(relay.address()).name("Jack").listener(events).connect();
            a.handshake().get(20, TimeUnit.SECONDS);
            events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
            // The "restart": same address for the client, but a server that never saw it.
            relay.retarget(second.localAddress());
            var lost = (AssociationEvent.Reconnecting) events.await(e -> e instanceof AssociationEvent.Reconnecting,
                    WAIT, "silence detected");
            assertThat(lost.reason()).isEqualTo("server answered none of the last 3 pings");
            events.awaitCount(e -> e instanceof AssociationEvent.HandshakeCompleted, 2, WAIT, "a new handshake");
            secondEvents.await(e -> e instanceof ServerEvent.MessageReceived, WAIT, "pings at the new server");
            assertThat(second.stats().dropped()).containsKey(DropReason.UNKNOWN_PEER); // the old epoch's pings
            assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
        }
    }

    @Test
    void withoutReconnectASilentServerOnlyGivesAWarningAndPingsGoOn() throws Exception {
        try (DtlsServer first = server(0, ServerListener.NONE);
             DtlsServer second = server(0, ServerListener.NONE);
             UdpRelay relay = new UdpRelay(first.localAddress(), 12);
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(100)).build()) {
            DtlsAssociation a = client.association(relay.address()).name("Kim").listener(events).connect();
            a.handshake().get(20, TimeUnit.SECONDS);
            events.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
            relay.retarget(second.localAddress());
            var warning = events.await(e -> e instanceof AssociationEvent.Warning, WAIT, "the silence warning");
            assertThat(warning.message()).isEqualTo("Kim: server answered none of the last 3 pings");
            long pings = a.stats().pingsSent();
            events.await(e -> e instanceof AssociationEvent.PingSent p && p.number() > pings + 1, WAIT,
                    "pings going on, as in Qt");
            assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Reconnecting);
            assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
        }
    }
}
