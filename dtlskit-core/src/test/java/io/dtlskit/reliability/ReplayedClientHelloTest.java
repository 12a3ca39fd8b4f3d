package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.LeakCheckedTest;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.UdpRelay;
import io.dtlskit.testing.UdpRelay.Direction;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replayed record must not tear down an established association: here the ClientHello that carried
 * the cookie, captured on the wire and sent again later from the same address (by an on-path attacker,
 * or a duplicate the network delivers late). RFC 6347 §4.2.8 lets a server start a new handshake for a
 * fresh ClientHello from a known address, but it "MUST NOT destroy the existing association until the
 * client has demonstrated reachability either by completing a cookie exchange or by completing a
 * complete handshake"; a replay demonstrates nothing, because a cookie stays valid for that address.
 */
class ReplayedClientHelloTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void replayedClientHelloWithCookieDoesNotReplaceAnEstablishedAssociation() throws Exception {
        DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(serverEvents).start();
        closeLater(server);
        UdpRelay relay = new UdpRelay(server.localAddress(), 4_2_8);
        closeLater(relay);
        List<byte[]> helloWithCookie = new CopyOnWriteArrayList<>();
        relay.tap((direction, c, d) -> {
            if (direction == Direction.TO_SERVER && HostileRecordsProperties.isClientHello(d) && hasCookie(d)) {
                helloWithCookie.add(d);
            }
        });
        DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(50)).build();
        closeLater(client);
        DtlsAssociation a = client.association(relay.address()).name("Victim").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 2, WAIT, "replies before the replay");
        assertThat(helloWithCookie).as("captured the ClientHello with the cookie").isNotEmpty();

        relay.injectToServer(a.localAddress(), helloWithCookie.getFirst());

        long target = a.stats().repliesReceived() + 5;
        try {
            events.await(e -> e instanceof AssociationEvent.ServerResponse && a.stats().repliesReceived() >= target, WAIT,
                    "replies keep coming after the replay");
        } catch (AssertionError e) {
            throw new AssertionError("the replay broke the association; server events:\n  "
                    + String.join("\n  ", serverEvents.messages()) + "\nserver peers: " + server.peers(), e);
        }
        assertThat(serverEvents.snapshot()).as("the established association is kept")
                .noneMatch(e -> e instanceof ServerEvent.PeerReplaced || e instanceof ServerEvent.PeerClosed);
        assertThat(server.peers()).hasSize(1).allMatch(p -> p.state() == AssociationState.ENCRYPTED);
        assertThat(a.state()).isEqualTo(AssociationState.ENCRYPTED);
    }

    /** True if the ClientHello's cookie field is not empty (RFC 6347 §4.2.1 layout). */
    static boolean hasCookie(byte[] d) {
        int sessionIdLength = d[Wire.RECORD_HEADER + Wire.HANDSHAKE_HEADER + 34] & 0xff;
        int cookieAt = Wire.RECORD_HEADER + Wire.HANDSHAKE_HEADER + 35 + sessionIdLength;
        return cookieAt < d.length && (d[cookieAt] & 0xff) > 0;
    }
}
