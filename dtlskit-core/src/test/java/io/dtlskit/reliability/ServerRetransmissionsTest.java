package io.dtlskit.reliability;

import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The server counts the flights it resends, as the client does (issue 11: it reported 0 for six). */
class ServerRetransmissionsTest extends LeakCheckedTest {
    @Test
    void aServerWhoseFlightIsNeverAnsweredReportsItsRetransmissions() throws Exception {
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .handshakeTimeout(Duration.ofSeconds(2)).initialRetransmit(Duration.ofMillis(100))
                .listener(serverEvents).start());
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 7));
        AtomicInteger toClient = new AtomicInteger();
        relay.tap((direction, client, datagram) -> {
            // After the HelloVerifyRequest and the server's first flight, the client is cut off from the
            // server: the server's flight is never answered and it resends it on its timer.
            if (direction == UdpRelay.Direction.TO_CLIENT && toClient.incrementAndGet() == 2) {
                relay.impair(new UdpRelay.Impairment(1, 0, 0, 0), UdpRelay.Impairment.NONE);
            }
        });
        DtlsClient client = closeLater(Qt.client().handshakeTimeout(Duration.ofSeconds(5)).build());
        client.connect(relay.address(), events);
        ServerEvent.PeerFailed failed = (ServerEvent.PeerFailed) serverEvents.await(
                e -> e instanceof ServerEvent.PeerFailed, Duration.ofSeconds(15), "the server's handshake to time out");
        assertThat(failed.cause()).isInstanceOf(HandshakeTimeoutException.class);
        int n = ((HandshakeTimeoutException) failed.cause()).retransmissions();
        // Timers from 100 ms doubling (RFC 6347 §4.2.4.1) fire about 4 times in 2 s.
        assertThat(n).isBetween(2, 6);
        assertThat(failed.message()).contains("handshake timed out after 2 s and " + n + " retransmissions");
    }
}
