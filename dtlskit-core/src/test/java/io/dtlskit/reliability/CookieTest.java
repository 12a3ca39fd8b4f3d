package io.dtlskit.reliability;

import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.LeakCheckedTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's cookie exchange end to end (RFC 6347 §4.2.1, issue 10): the cookie is bound to the
 * address and the five fields the client must repeat, not to the extensions, and its secret rotates on
 * the server's clock (here a manual one, so nothing sleeps).
 */
class CookieTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    final ManualClock clock = new ManualClock();

    @Test
    void changedExtensionsAreAcceptedAndACookieReplayedAfterTwoRotationsGetsAFreshChallenge() throws Exception {
        DtlsServer server = closeLater(io.dtlskit.testing.Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .clock(clock).listener(serverEvents).start());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.connect(server.localAddress());
            s.setSoTimeout((int) WAIT.toMillis());
            InetSocketAddress me = (InetSocketAddress) s.getLocalSocketAddress();

            byte[] cookie = challenge(s, Wire.clientHello(new Random(1), new byte[0], 0));

            clock.advance(Duration.ofMinutes(10)); // two rotations of the 5-minute secret
            byte[] replay = Wire.clientHello(new Random(1), cookie, 0);
            byte[] fresh = challenge(s, replay);
            assertThat(fresh).as("a fresh cookie").isNotEqualTo(cookie);
            assertThat(serverEvents.snapshot()).noneMatch(e -> e instanceof ServerEvent.PeerVerified);

            // The same five fields with a padding extension now (as OpenSSL -bugs adds): accepted.
            send(s, Wire.clientHello(new Random(1), fresh, 300));
            serverEvents.await(e -> e instanceof ServerEvent.PeerVerified v && v.peer().equals(me), WAIT,
                    "the ClientHello with other extensions to verify");
            assertThat(server.stats().helloVerifyRequestsSent()).isEqualTo(2);
        }
    }

    /** Sends {@code hello}, expects a HelloVerifyRequest no larger than it, returns its cookie. */
    private static byte[] challenge(DatagramSocket s, byte[] hello) throws IOException {
        send(s, hello);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no HelloVerifyRequest within " + WAIT);
        }
        byte[] d = Arrays.copyOf(p.getData(), p.getLength());
        assertThat(d.length).as("HelloVerifyRequest size").isLessThanOrEqualTo(hello.length);
        byte[] cookie = Wire.helloVerifyCookie(d);
        assertThat(cookie).as("a HelloVerifyRequest").isNotNull();
        return cookie;
    }

    private static void send(DatagramSocket s, byte[] d) throws IOException {
        s.send(new DatagramPacket(d, d.length));
    }

    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-27T17:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
