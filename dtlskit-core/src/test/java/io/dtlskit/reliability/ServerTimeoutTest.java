package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.LeakCheckedTest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-side expiry: idle associations and stalled handshakes (issue 7, "Restarts and state"). */
class ServerTimeoutTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();


    @Test
    void idleAssociationIsClosedWithCloseNotifyWhileAPingingOneStays() throws Exception {
        Duration idle = Duration.ofMillis(500);
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0))
                .idleTimeout(idle).listener(serverEvents).start());
        DtlsClient quietClient = closeLater(Qt.client().keepAlive(Qt.PINGER, Duration.ZERO).build());
        DtlsClient busyClient = closeLater(Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(100)).build());
        DtlsAssociation quiet = quietClient.association(server.localAddress()).name("Quiet").listener(events).connect();
        DtlsAssociation busy = busyClient.association(server.localAddress()).name("Busy").listener(events).connect();
        quiet.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        int quietPort = quiet.localAddress().getPort();
        long encryptedAt = System.nanoTime();
        busy.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        var alert = events.await(e -> e instanceof AssociationEvent.AlertReceived && e.association().equals("Quiet"),
                WAIT, "close_notify for the idle association");
        long idleFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - encryptedAt);
        assertThat(alert.message()).isEqualTo("Quiet: shutdown alert received");
        assertThat(((AssociationEvent.AlertReceived) alert).fatal()).isFalse();
        // The server's idle clock starts at the client's last handshake datagram, a round trip before
        // the client saw the handshake complete: allow that, but not an early close.
        assertThat(idleFor).as("closed after the idle timeout, not before").isGreaterThanOrEqualTo(idle.toMillis() - 100);
        assertThat(quiet.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        var closed = (AssociationEvent.Closed) events.await(e -> e instanceof AssociationEvent.Closed && e.association().equals("Quiet"),
                WAIT, "Quiet closed");
        assertThat(closed.reason()).isEqualTo("close_notify received");

        var forgotten = (ServerEvent.PeerClosed) serverEvents.await(
                e -> e instanceof ServerEvent.PeerClosed && e.peer().getPort() == quietPort, WAIT, "idle peer forgotten");
        assertThat(forgotten.reason()).startsWith("idle for");
        Poll.until(() -> server.peers().size() == 1, WAIT, "only the busy peer is left", server::peers);
        assertThat(server.peers().getFirst().identity()).isEqualTo("Busy");

        // The pinging association outlives several idle periods and is never closed.
        long target = busy.stats().repliesReceived() + 15; // 15 × 100 ms = 3 idle timeouts
        events.await(e -> e instanceof AssociationEvent.ServerResponse && busy.stats().repliesReceived() >= target,
                WAIT, "busy keeps getting replies");
        assertThat(busy.state()).isEqualTo(AssociationState.ENCRYPTED);
        assertThat(events.snapshot()).noneMatch(e -> e.association().equals("Busy")
                && (e instanceof AssociationEvent.AlertReceived || e instanceof AssociationEvent.Closed));
        assertThat(server.stats().associations()).isEqualTo(1);
    }

    @Test
    void stalledHandshakeExpiresOnTheServerAfterItsHandshakeTimeout() throws Exception {
        Duration serverTimeout = Duration.ofSeconds(1);
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0))
                .handshakeTimeout(serverTimeout).initialRetransmit(Duration.ofMillis(100)).listener(serverEvents).start());
        // A client with the wrong key: its Finished never verifies, so the server's handshake stalls.
        // Its own timeout is far longer, so it is the server that gives up.
        DtlsClient wrong = closeLater(Qt.client().pskKey(PskKey.ofHex("0badc0de"))
                .handshakeTimeout(Duration.ofSeconds(30)).initialRetransmit(Duration.ofMillis(100)).build());
        DtlsAssociation a = wrong.association(server.localAddress()).name("Stalled").listener(events).connect();

        var verified = serverEvents.await(e -> e instanceof ServerEvent.PeerVerified, WAIT, "handshake started on the server");
        long start = System.nanoTime();
        Poll.until(() -> server.stats().handshakesInProgress() == 1, WAIT, "one handshake in progress", server::stats);
        var failed = (ServerEvent.PeerFailed) serverEvents.await(e -> e instanceof ServerEvent.PeerFailed, WAIT,
                "the stalled handshake expires");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(failed.peer()).isEqualTo(verified.peer());
        assertThat(failed.cause()).isInstanceOf(HandshakeTimeoutException.class);
        assertThat(failed.message()).contains("handshake timed out after 1 s").contains("wrong PSK key");
        assertThat(took).as("expired at its handshake timeout").isBetween(serverTimeout.toMillis() - 100, 5_000L);
        Poll.until(() -> server.stats().handshakesInProgress() == 0 && server.peers().isEmpty(), WAIT,
                "no state left for the stalled peer", server::stats);
        assertThat(server.stats().handshakesFailed()).isEqualTo(1);
        assertThat(server.stats().associations()).isZero();
        // The client, with its 30 s timeout, hears of it from the server's alert or gives up when closed.
        a.close();
        assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isIn(AssociationState.FAILED, AssociationState.CLOSED);
    }

}
