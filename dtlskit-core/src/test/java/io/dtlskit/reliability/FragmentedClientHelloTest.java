package io.dtlskit.reliability;

import io.dtlskit.AssociationState;
import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.internal.HelloFragments;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client whose ClientHello does not fit its MTU ({@code openssl s_client -mtu 256}) gets through the
 * cookie exchange, and a replay of its fragmented cookie ClientHello is recognised as a copy of the one
 * that made the association (no second handshake beside it), as an unfragmented copy is
 * (RFC 6347 §4.2.8, {@link ReplayedClientHelloTest}): the first fragment carries the random and goes to
 * the association, so the rest never completes a ClientHello before the cookie check.
 */
class FragmentedClientHelloTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void fragmentedClientHelloConnectsAndItsReplayIsACopyNotANewHandshake() throws Exception {
        PeerProcess.require("openssl", "openssl is not on PATH");
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(serverEvents).start());
        UdpRelay relay = closeLater(new UdpRelay(server.localAddress(), 6347));
        List<byte[]> fragments = new CopyOnWriteArrayList<>();
        AtomicReference<InetSocketAddress> client = new AtomicReference<>();
        relay.tap((direction, from, d) -> {
            if (direction == UdpRelay.Direction.TO_SERVER && HelloFragments.isFragment(d, d.length)) {
                fragments.add(d);
                client.set(from);
            }
        });
        try (PeerProcess openssl = PeerProcess.start("openssl s_client -mtu 256", List.of("openssl", "s_client",
                "-dtls1_2", "-mtu", "256", "-connect", "127.0.0.1:" + relay.address().getPort(), "-psk", Qt.KEY_HEX,
                "-psk_identity", "fragments"))) {
            serverEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, WAIT,
                    "the handshake of a client with a fragmented ClientHello");
            openssl.awaitOutput("Cipher is ", WAIT);
            openssl.write("before\n");
            openssl.awaitOutput("): ACK", WAIT);
            assertThat(fragments).as("ClientHello fragments on the wire").hasSizeGreaterThanOrEqualTo(4);

            // Replay the fragments of the ClientHello that carried the cookie (the second half captured).
            for (byte[] f : fragments.subList(fragments.size() / 2, fragments.size())) {
                relay.injectToServer(client.get(), f);
            }
            openssl.write("after\n");
            serverEvents.await(e -> e instanceof ServerEvent.MessageReceived m && m.plaintextText().equals("after\n"),
                    WAIT, "a message after the replay");
            assertThat(serverEvents.snapshot()).as("one handshake only: the replay is a copy")
                    .filteredOn(e -> e instanceof ServerEvent.PeerVerified).hasSize(1);
            assertThat(server.peers()).hasSize(1).allMatch(p -> p.state() == AssociationState.ENCRYPTED);
        }
    }
}
