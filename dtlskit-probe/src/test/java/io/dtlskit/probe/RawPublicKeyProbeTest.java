package io.dtlskit.probe;

import io.dtlskit.Credentials;
import io.dtlskit.DtlsServer;
import io.dtlskit.certs.TestCerts;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Authentication section against dtlskit's own server holding only a raw public key (RFC 7250),
 * which refuses a ClientHello without server_certificate_type, and holding only an X.509 certificate,
 * which ignores it: each is read as what it is, and the key is the server's.
 */
class RawPublicKeyProbeTest {
    private static final TestCerts CERTS = new TestCerts(15);

    @Test
    void aServerWithOnlyARawPublicKeyIsFoundAndItsKeyReported() throws Exception {
        io.dtlskit.testing.ResourceCheck resources = io.dtlskit.testing.ResourceCheck.baseline();
        Credentials.RawPublicKey rpk = Credentials.rawPublicKey(CERTS.maker.newKeyPair());
        try (DtlsServer server = DtlsServer.builder().bind(loopback()).credentials(rpk).start()) {
            ProbeReport r = probe(server);

            assertThat(r.suites().accepted()).isNotEmpty();
            // Elimination ran too (with server_certificate_type): Bouncy Castle follows the client's order.
            assertThat(r.suites().serverOrder()).isFalse();
            ProbeReport.Authentication a = r.authentication();
            assertThat(a.methods()).containsExactly("raw public key");
            assertThat(a.chain()).isEmpty();
            assertThat(a.rawPublicKey()).isEqualTo("EC 256 bits, " + rpk.fingerprint());
            assertThat(a.verdict().verdict()).startsWith("raw public key,");
            assertThat(ProbeText.text(r)).contains("raw public key: EC 256 bits, " + rpk.fingerprint());
        }
        resources.assertNoLeaks(Duration.ofSeconds(5));
    }

    @Test
    void aRawKeyServerThatAsksForAClientKeyIsReportedAsRequestingIt() throws Exception {
        io.dtlskit.testing.ResourceCheck resources = io.dtlskit.testing.ResourceCheck.baseline();
        Credentials.RawPublicKey rpk = Credentials.rawPublicKey(CERTS.maker.newKeyPair());
        try (DtlsServer server = DtlsServer.builder().bind(loopback()).credentials(rpk)
                .clientAuth(io.dtlskit.ClientAuth.NEED, io.dtlskit.PeerVerifier.insecure()).start()) {
            ProbeReport r = probe(server);

            ProbeReport.Authentication a = r.authentication();
            assertThat(a.methods()).containsExactly("raw public key");
            assertThat(a.clientCertificate()).isEqualTo("requested");
            assertThat(a.verdict().notes()).anyMatch(n -> n.contains("serves only a raw public key"));
            assertThat(a.verdict().verdict()).endsWith("client certificate requested");
        }
        resources.assertNoLeaks(Duration.ofSeconds(5));
    }

    @Test
    void aServerWithOnlyAnX509CertificateStillReadsAsACertificate() throws Exception {
        io.dtlskit.testing.ResourceCheck resources = io.dtlskit.testing.ResourceCheck.baseline();
        try (DtlsServer server = DtlsServer.builder().bind(loopback())
                .credentials(TestCerts.credentials(CERTS.server, CERTS.ca)).start()) {
            ProbeReport r = probe(server);

            ProbeReport.Authentication a = r.authentication();
            assertThat(a.methods()).containsExactly("certificate");
            assertThat(a.rawPublicKey()).isNull();
            assertThat(a.chain()).isNotEmpty();
            byte[] der = CERTS.server.certificate().getEncoded();
            assertThat(a.chain().get(0).sha256()).isEqualTo(
                    HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
            assertThat(ProbeText.text(r)).doesNotContain("raw public key");
        }
        resources.assertNoLeaks(Duration.ofSeconds(5));
    }

    private static ProbeReport probe(DtlsServer server) {
        // The retransmission timer is not what these tests are about: watch it briefly.
        return Probe.builder().target(server.localAddress()).retransmissionBound(Duration.ofMillis(1500)).build().run();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
