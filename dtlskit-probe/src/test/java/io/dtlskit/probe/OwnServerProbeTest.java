package io.dtlskit.probe;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The probe against dtlskit's own server, started with a known suite list, hint and key, through a
 * relay whose tap counts the bytes on the wire.
 */
class OwnServerProbeTest {
    private static final List<CipherSuite> CONFIGURED = List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);

    @Test
    void reportsExactlyTheServersConfigurationAndTheWireBytes() throws Exception {
        List<String> progress = new ArrayList<>();
        io.dtlskit.testing.ResourceCheck resources = io.dtlskit.testing.ResourceCheck.baseline();
        try (DtlsServer server = io.dtlskit.testing.Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .cipherSuites(CONFIGURED).identityHint("probe test hint").cid(true).start();
             UdpRelay relay = new UdpRelay(server.localAddress(), 7)) {
            FirstExchange tap = new FirstExchange();
            relay.tap(tap::seen);
            ProbeReport r = Probe.builder().target(relay.address()).psk("Alice (clone number 0)", io.dtlskit.testing.Qt.key())
                    .progress(progress::add).build().run();

            assertThat(r.reachable()).isTrue();
            assertThat(r.versions().accepts("DTLS 1.2")).isTrue();
            assertThat(r.versions().accepts("DTLS 1.0")).isFalse();
            assertThat(r.versions().accepts("DTLS 1.3")).isFalse();
            assertThat(r.suites().acceptedNames()).containsExactlyInAnyOrderElementsOf(
                    CONFIGURED.stream().map(Enum::name).toList());
            // Bouncy Castle's server picks the client's first acceptable suite.
            assertThat(r.suites().serverOrder()).isFalse();
            // Its one CBC suite is protected by encrypt-then-MAC, so no suite is weak.
            assertThat(r.extensions().encryptThenMac()).isTrue();
            assertThat(r.suites().verdict().warnings()).isEmpty();
            assertThat(r.authentication().methods()).containsExactly("PSK");
            assertThat(r.authentication().pskHint()).isEqualTo("probe test hint");
            assertThat(r.authentication().clientCertificate()).isEqualTo("not requested");

            assertThat(r.cookies().helloVerifyRequest()).isTrue();
            assertThat(r.cookies().clientHelloBytes()).isEqualTo(tap.hello);
            assertThat(r.cookies().firstFlightBytes()).isEqualTo(tap.answer);
            assertThat(r.cookies().amplification()).isCloseTo((double) tap.answer / tap.hello, within(0.006));
            assertThat(r.cookies().amplification()).isLessThan(1.0);
            // The server's cookie covers the address and port and the RFC 6347 §4.2.1 fields (version,
            // random, session_id, cipher_suites, compression), not the extensions.
            assertThat(r.cookies().boundToPort()).isTrue();
            assertThat(r.cookies().boundToRandom()).isTrue();
            assertThat(r.cookies().boundToExtensions()).isFalse();
            assertThat(r.cookies().lifetime()).startsWith("accepted after");

            assertThat(r.extensions().extendedMasterSecret()).isTrue();
            assertThat(r.extensions().renegotiationInfo()).isTrue();
            // RFC 9146 is on; the pre-RFC number is not answered.
            assertThat(r.extensions().connectionId()).isTrue();
            assertThat(r.extensions().connectionIdDraft()).isFalse();
            // Resumed for real: Bouncy Castle's client offers the first handshake's session (PSK credentials given).
            assertThat(r.extensions().sessionIdResumption()).isTrue();
            assertThat(r.robustness().retransmissions()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(r.robustness().retransmissions().get(0)).isBetween(900L, 1500L);
            assertThat(r.robustness().unknownVersion()).startsWith("answered with DTLS 1.2");
            // The Qt example server accepts any identity with its one key.
            assertThat(r.robustness().unknownIdentity()).startsWith("accepted");
            assertThat(r.handshake().completed()).isTrue();
            assertThat(r.handshake().roundTrip()).contains("bytes back");
            assertThat(progress).isNotEmpty().allMatch(s -> !s.isBlank());
            assertThat(ProbeText.text(r)).contains("Cipher suites", "PSK identity hint: 'probe test hint'",
                    "follows the client's order");
        }
        resources.assertNoLeaks(java.time.Duration.ofSeconds(10));
    }

    @Test
    void nothingListeningIsReportedUnreachableQuickly() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        ProbeReport r = Probe.builder().target(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .replyTimeout(java.time.Duration.ofMillis(300)).build().run();
        assertThat(r.reachable()).isFalse();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        assertThat(ProbeText.text(r)).contains("no DTLS answer");
    }

    @Test
    void peerTextIsMadeInert() {
        assertThat(ProbeText.inert("hint\u001b[31mred\u0007\n")).isEqualTo("hint\\x1b[31mred\\x07\\x0a");
    }

    /** The first client's first datagram and what came back before its next one. */
    static final class FirstExchange {
        private InetSocketAddress client;
        int hello;
        int answer;
        private boolean done;

        synchronized void seen(UdpRelay.Direction direction, InetSocketAddress from, byte[] datagram) {
            if (client == null) {
                client = from;
            }
            if (!from.equals(client) || done) {
                return;
            }
            if (direction == UdpRelay.Direction.TO_SERVER) {
                if (hello == 0) {
                    hello = datagram.length;
                } else {
                    done = true;
                }
            } else {
                answer += datagram.length;
            }
        }
    }
}
