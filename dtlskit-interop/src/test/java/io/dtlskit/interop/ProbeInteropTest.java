package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.probe.Probe;
import io.dtlskit.probe.ProbeReport;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.UdpRelay;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dtlskit probe} against every interop peer, each started with a known configuration; the
 * report must state exactly that configuration. The reports of one run go to docs/probe.md
 * ({@link ProbeDoc}).
 */
class ProbeInteropTest {
    private static final String IDENTITY = Peers.IDENTITY;
    private static final PskKey KEY = PskKey.ofHex(Peers.KEY_HEX);

    @TempDir
    Path dir;

    private static ProbeReport probe(InetSocketAddress target, String name, String command) {
        ProbeReport r = Probe.builder().target(target).targetName(name).psk(IDENTITY, KEY).build().run();
        ProbeDoc.record(name, command, r);
        return r;
    }

    @org.junit.jupiter.api.AfterAll
    static void writeDoc() throws Exception {
        ProbeDoc.write();
    }

    /** OpenSSL with an EC certificate made here, PSK too, three suites in server order, client certificates optional. */
    @Test
    void openSslServerWithCertificateAndPsk() throws Exception {
        openSsl("-verify");
    }

    /** The same with {@code -Verify}: a client certificate is required, which only a finished handshake shows. */
    @Test
    void openSslServerRequiringAClientCertificate() throws Exception {
        openSsl("-Verify");
    }

    private void openSsl(String verify) throws Exception {
        Peers.require("openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=dtlskit probe test/O=dtlskit"));
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(x509.getEncoded()));
        try (PortedProcess server = startWithPort("openssl s_server", port -> List.of("openssl", "s_server", "-dtls1_2",
                "-accept", "127.0.0.1:" + port, "-cert", cert.toString(), "-key", key.toString(), "-psk", Peers.KEY_HEX,
                "-psk_hint", Peers.HINT, "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:PSK-AES128-CCM8:ECDHE-ECDSA-AES256-SHA",
                "-serverpref", verify, "1"), "ACCEPT")) {
            boolean required = verify.equals("-Verify");
            ProbeReport r = probe(Peers.loopback(server.port), "OpenSSL s_server (certificate + PSK, " + verify + ")",
                    server.command());
            assertThat(r.reachable()).isTrue();
            assertVersions(r, false, true, false);
            assertThat(r.suites().acceptedNames()).containsExactlyInAnyOrder("TLS_PSK_WITH_AES_128_CCM_8",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
            assertThat(r.suites().serverOrder()).isTrue();
            assertThat(r.suites().preference()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    "TLS_PSK_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
            ProbeReport.Authentication a = r.authentication();
            assertThat(a.methods()).containsExactly("PSK", "certificate");
            assertThat(a.pskHint()).isEqualTo(Peers.HINT);
            assertThat(a.chain()).hasSize(1);
            ProbeReport.CertificateSummary c = a.chain().get(0);
            assertThat(c.subject()).isEqualTo("O=dtlskit,CN=dtlskit probe test");
            assertThat(c.issuer()).isEqualTo(c.subject());
            assertThat(c.keyType()).isEqualTo("EC");
            assertThat(c.keyBits()).isEqualTo(256);
            assertThat(c.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
            assertThat(c.sha256()).isEqualTo(fingerprint);
            assertThat(c.notAfter()).isEqualTo(x509.getNotAfter().toInstant().toString());
            assertThat(a.clientCertificate()).isEqualTo(required ? "required" : "optional");
            // s_server's cookie is an HMAC of the peer's address and port only.
            assertThat(r.cookies().helloVerifyRequest()).isTrue();
            assertThat(r.cookies().boundToPort()).isTrue();
            assertThat(r.cookies().boundToRandom()).isFalse();
            assertThat(r.cookies().boundToExtensions()).isFalse();
            assertThat(r.extensions().extendedMasterSecret()).isTrue();
            assertThat(r.extensions().encryptThenMac()).isTrue();
            if (!required) {
                // Resumed for real by Bouncy Castle's client (a full handshake, then the session offered again).
                assertThat(r.extensions().sessionIdResumption()).isTrue();
            }
            assertThat(r.robustness().fragmentedClientHello()).startsWith("handled");
            assertThat(r.robustness().retransmissions()).isNotEmpty();
            assertThat(r.handshake().completed()).isTrue();
        }
    }

    /** GnuTLS, PSK only, three suites in server order (%SERVER_PRECEDENCE), cookies on. */
    @Test
    void gnuTlsServerWithPsk() throws Exception {
        Path program = Peers.require("gnutls-serv");
        Path psk = dir.resolve("psk.txt");
        Files.writeString(psk, IDENTITY + ":" + Peers.KEY_HEX + "\n");
        try (PortedProcess server = startWithPort("gnutls-serv", port -> List.of(program.toString(), "--udp", "--echo",
                "-p", String.valueOf(port), "--pskpasswd", psk.toString(), "--pskhint", Peers.HINT, "--priority",
                "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:+ECDHE-PSK:-CIPHER-ALL:+AES-128-GCM:+AES-128-CBC"
                        + ":-MAC-ALL:+AEAD:+SHA256:%SERVER_PRECEDENCE"), GnuTlsServer.READY)) {
            ProbeReport r = probe(Peers.loopback(server.port), "GnuTLS gnutls-serv (PSK)", server.command());
            assertVersions(r, false, true, false);
            assertThat(r.suites().serverOrder()).isTrue();
            assertThat(r.suites().preference()).containsExactly("TLS_PSK_WITH_AES_128_GCM_SHA256",
                    "TLS_PSK_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256");
            assertThat(r.suites().acceptedNames()).containsExactlyInAnyOrderElementsOf(r.suites().preference());
            assertThat(r.authentication().methods()).containsExactly("PSK");
            assertThat(r.authentication().pskHint()).isEqualTo(Peers.HINT);
            assertThat(r.authentication().chain()).isEmpty();
            assertThat(r.cookies().helloVerifyRequest()).isTrue();
            assertThat(r.cookies().boundToPort()).isTrue();
            assertThat(r.handshake().completed()).isTrue();
            assertThat(r.handshake().roundTrip()).contains("bytes back");
        }
    }

    /**
     * mbedTLS with one forced PSK suite and cookies off: the first flight answers an unverified
     * address, and the amplification factor must match what a relay sees on the wire.
     */
    @Test
    void mbedTlsServerWithoutCookiesAmplificationMatchesTheWire() throws Exception {
        Path program = Peers.require("ssl_server2");
        try (PortedProcess server = startWithPort("mbedTLS ssl_server2", port -> List.of(program.toString(), "dtls=1",
                "server_addr=127.0.0.1", "server_port=" + port, "psk=" + Peers.KEY_HEX, "psk_identity=" + IDENTITY,
                "crt_file=none", "key_file=none", "crt_file2=none", "key_file2=none",
                "force_ciphersuite=TLS-PSK-WITH-AES-128-CCM-8", "cookies=0", "exchanges=100"), "Waiting for a remote connection");
             UdpRelay relay = new UdpRelay(Peers.loopback(server.port), 1)) {
            WireTap tap = new WireTap();
            relay.tap(tap::seen);
            ProbeReport r = Probe.builder().target(relay.address()).targetName("mbedTLS ssl_server2 (PSK, cookies=0)")
                    .psk(IDENTITY, KEY).build().run();
            ProbeDoc.record("mbedTLS ssl_server2 (PSK, cookies=0)", server.command() + "   (probed through a relay that counts bytes)", r);
            assertVersions(r, false, true, false);
            assertThat(r.suites().acceptedNames()).containsExactly("TLS_PSK_WITH_AES_128_CCM_8");
            assertThat(r.cookies().helloVerifyRequest()).isFalse();
            assertThat(r.cookies().verdict().warnings()).anyMatch(w -> w.contains("no HelloVerifyRequest"));
            assertThat(r.cookies().clientHelloBytes()).isEqualTo(tap.firstHello());
            assertThat(r.cookies().firstFlightBytes()).isEqualTo(tap.firstAnswer());
            assertThat(r.cookies().amplification()).isCloseTo((double) tap.firstAnswer() / tap.firstHello(),
                    org.assertj.core.data.Offset.offset(0.006));
            assertThat(r.robustness().unknownIdentity()).isEqualTo("alert unknown_psk_identity");
            assertThat(r.handshake().completed()).isTrue();
        }
    }

    /**
     * mbedTLS with DTLS 1.0 allowed and cookies on: the probe must see both versions and warn about
     * 1.0. ssl_server2 binds its cookie to the client's IP address only (the transport ID it passes
     * is the address without the port), which the probe must report.
     */
    @Test
    void mbedTlsServerWithDtls10AndCookies() throws Exception {
        Path program = Peers.require("ssl_server2");
        try (PortedProcess server = startWithPort("mbedTLS ssl_server2", port -> List.of(program.toString(), "dtls=1",
                "server_addr=127.0.0.1", "server_port=" + port, "psk=" + Peers.KEY_HEX, "psk_identity=" + IDENTITY,
                "crt_file=none", "key_file=none", "crt_file2=none", "key_file2=none", "min_version=dtls1",
                "force_ciphersuite=TLS-PSK-WITH-AES-128-CBC-SHA", "exchanges=100"), "Waiting for a remote connection")) {
            ProbeReport r = probe(Peers.loopback(server.port), "mbedTLS ssl_server2 (PSK, DTLS 1.0 allowed, cookies)",
                    server.command());
            assertVersions(r, true, true, false);
            assertThat(r.versions().verdict().warnings()).anyMatch(w -> w.contains("DTLS 1.0 accepted"));
            assertThat(r.suites().acceptedNames()).containsExactly("TLS_PSK_WITH_AES_128_CBC_SHA");
            assertThat(r.extensions().encryptThenMac()).isTrue();
            assertThat(r.cookies().helloVerifyRequest()).isTrue();
            assertThat(r.cookies().boundToPort()).isFalse();
            assertThat(r.cookies().verdict().warnings()).anyMatch(w -> w.contains("not bound to the source port"));
            // TLS_PSK_WITH_AES_128_CBC_SHA is not among the suites dtlskit's client offers.
            assertThat(r.handshake().attempted()).isFalse();
            assertThat(r.handshake().verdict().verdict()).contains("offers none of the accepted suites");
        }
    }

    /** Scandium in-process, two PSK suites in a chosen order, HelloVerifyRequest on and off. */
    @Test
    void scandiumServerWithAndWithoutCookies() throws Exception {
        for (boolean hvr : new boolean[] {true, false}) {
            AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
            psk.setKey(IDENTITY, HexFormat.of().parseHex(Peers.KEY_HEX));
            Configuration configuration = new Configuration();
            DtlsConnectorConfig config = DtlsConnectorConfig.builder(configuration)
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                    .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                    .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, hvr)
                    .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST_FOR_PSK, hvr)
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES,
                            org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                            org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)
                    .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
                    .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1)
                    .setAddress(Peers.loopback(0)).setAdvancedPskStore(psk).build();
            DTLSConnector connector = new DTLSConnector(config);
            connector.setRawDataReceiver(data -> connector.send(org.eclipse.californium.elements.RawData.outbound(
                    data.getBytes(), data.getEndpointContext(), null, false)));
            connector.start();
            try {
                String name = "Scandium " + Scandium.version() + " (PSK, HelloVerifyRequest " + (hvr ? "on" : "off") + ")";
                ProbeReport r = probe(connector.getAddress(), name, "in-process DTLSConnector: PSK suites [TLS_PSK_WITH_AES_128_CCM_8,"
                        + " TLS_PSK_WITH_AES_128_GCM_SHA256], DTLS_USE_HELLO_VERIFY_REQUEST=" + hvr);
                assertVersions(r, false, true, false);
                assertThat(r.suites().acceptedNames()).containsExactlyInAnyOrder("TLS_PSK_WITH_AES_128_CCM_8",
                        "TLS_PSK_WITH_AES_128_GCM_SHA256");
                assertThat(r.suites().serverOrder()).as("Scandium picks the client's first acceptable suite").isFalse();
                assertThat(r.cookies().helloVerifyRequest()).isEqualTo(hvr);
                assertThat(r.authentication().methods()).containsExactly("PSK");
                assertThat(r.handshake().completed()).isTrue();
                if (hvr) {
                    // Scandium's cookie covers the address and the RFC 6347 §4.2.1 fields, not the extensions.
                    assertThat(r.cookies().boundToPort()).isTrue();
                    assertThat(r.cookies().boundToRandom()).isTrue();
                    assertThat(r.cookies().boundToExtensions()).isFalse();
                } else {
                    assertThat(r.cookies().amplification()).isGreaterThan(0.3);
                }
            } finally {
                connector.destroy();
            }
        }
    }

    /**
     * wolfSSL 5.5 (our peer program on Debian's libwolfssl) with three PSK suites in a chosen order and
     * its default cookie exchange. wolfSSL picks by its own order by default; its DTLS 1.2 cookie is an
     * HMAC of the client's address and port and the RFC 6347 §4.2.1 ClientHello fields (version, random,
     * session_id, cipher_suites, compression), not the extensions (src/dtls.c, CreateDtlsCookie), under
     * one secret per server process (the program sets it). Its ECDHE_PSK suite comes first, so the
     * report shows wolfSSL's silent failure of an unknown identity with that key exchange.
     */
    @Test
    void wolfSslServerWithPskSuitesInOrderAndCookies() throws Exception {
        String program = WolfSsl.program().toString();
        String ciphers = "ECDHE-PSK-CHACHA20-POLY1305:DHE-PSK-AES256-GCM-SHA384:ECDHE-PSK-AES128-CBC-SHA256";
        try (PortedProcess server = startWithPort("wolfSSL server", port -> WolfSslServer.command(program, port, ciphers),
                WolfSsl.READY)) {
            ProbeReport r = probe(Peers.loopback(server.port), "wolfSSL 5.5 dtlskit-wolfssl-peer (PSK, cookies on)",
                    server.command());
            assertThat(r.reachable()).isTrue();
            assertVersions(r, false, true, false);
            assertThat(r.suites().serverOrder()).as("wolfSSL picks by its own order").isTrue();
            assertThat(r.suites().preference()).containsExactly("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
                    "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256");
            assertThat(r.suites().acceptedNames()).containsExactlyInAnyOrderElementsOf(r.suites().preference());
            assertThat(r.authentication().methods()).containsExactly("PSK");
            assertThat(r.authentication().pskHint()).isEqualTo(Peers.HINT);
            assertThat(r.authentication().chain()).isEmpty();
            assertThat(r.cookies().helloVerifyRequest()).isTrue();
            assertThat(r.cookies().boundToPort()).isTrue();
            assertThat(r.cookies().boundToRandom()).isTrue();
            assertThat(r.cookies().boundToExtensions()).isFalse();
            assertThat(r.extensions().extendedMasterSecret()).isTrue();
            assertThat(r.extensions().encryptThenMac()).isTrue();
            // With an ECDHE_PSK suite (its first here) wolfSSL 5.5 fails an unknown identity without an
            // alert; it sends unknown_psk_identity only for PSK and DHE_PSK (src/internal.c, DoClientKeyExchange).
            assertThat(r.robustness().unknownIdentity()).startsWith("no alert");
            // wolfSSL 5.5 ignores a fragmented ClientHello on purpose, to keep no state before the cookie
            // (src/internal.c, "Ignoring datagram with fragmented ClientHello").
            assertThat(r.robustness().fragmentedClientHello()).startsWith("not handled");
            assertThat(r.handshake().completed()).isTrue();
            assertThat(r.handshake().roundTrip()).contains("bytes back");
        }
    }

    /** dtlskit's own server: three PSK suites, its hint; Bouncy Castle picks by the client's order. */
    @Test
    void dtlskitServer() throws Exception {
        try (DtlsServer server = io.dtlskit.testing.Qt.server().bind(Peers.loopback(0)).cipherSuites(List.of(
                CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)).cid(true).start()) {
            ProbeReport r = probe(server.localAddress(), "dtlskit server",
                    "./dtlskit server, suites TLS_PSK_WITH_AES_128_CCM_8, TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,"
                            + " TLS_PSK_WITH_AES_128_GCM_SHA256, Connection IDs on");
            assertVersions(r, false, true, false);
            assertThat(r.suites().acceptedNames()).containsExactlyInAnyOrder("TLS_PSK_WITH_AES_128_CCM_8",
                    "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256");
            assertThat(r.suites().serverOrder()).isFalse();
            assertThat(r.authentication().pskHint()).isEqualTo(Peers.HINT);
            assertThat(r.cookies().helloVerifyRequest()).isTrue();
            // RFC 6347 §4.2.1: bound to the address and port, the random (with version, session_id,
            // suites, compression), not to the extensions.
            assertThat(r.cookies().boundToPort()).isTrue();
            assertThat(r.cookies().boundToRandom()).isTrue();
            assertThat(r.cookies().boundToExtensions()).isFalse();
            assertThat(r.extensions().connectionId()).isTrue();
            assertThat(r.extensions().sessionIdResumption()).isTrue();
            assertThat(r.handshake().completed()).isTrue();
        }
    }

    static void assertVersions(ProbeReport r, boolean v10, boolean v12, boolean v13) {
        assertThat(r.versions().accepts("DTLS 1.0")).as("DTLS 1.0").isEqualTo(v10);
        assertThat(r.versions().accepts("DTLS 1.2")).as("DTLS 1.2").isEqualTo(v12);
        assertThat(r.versions().accepts("DTLS 1.3")).as("DTLS 1.3").isEqualTo(v13);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
    }

    /** A peer process on a free port (retried if another process took the port first). */
    private static PortedProcess startWithPort(String label, java.util.function.IntFunction<List<String>> command,
                                               String ready) throws Exception {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freeUdpPort();
            List<String> cmd = command.apply(port);
            PeerProcess p = PeerProcess.start(label, cmd, null);
            try {
                p.awaitOutput(ready, Peers.READY, "its ready line");
                return new PortedProcess(p, port, cmd);
            } catch (AssertionError e) {
                last = e;
                p.close();
            }
        }
        throw last;
    }

    /** A started peer and its port; closing it stops the peer. */
    static final class PortedProcess implements AutoCloseable {
        final PeerProcess process;
        final int port;
        final List<String> command;

        PortedProcess(PeerProcess process, int port, List<String> command) {
            this.process = process;
            this.port = port;
            this.command = command;
        }

        /** The command line as a person would type it (temporary paths shortened to their file name). */
        String command() {
            return String.join(" ", command.stream().map(a -> a.contains("/tmp/") || a.contains("junit")
                    ? Path.of(a).getFileName().toString() : a.contains(" ") || a.contains(":") && !a.startsWith("127.")
                    ? "'" + a + "'" : a).toList());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Counts, for the first client through the relay, its first datagram and everything sent back before its next one. */
    static final class WireTap {
        private final AtomicReference<InetSocketAddress> first = new AtomicReference<>();
        private int hello;
        private int answer;
        private boolean done;

        synchronized void seen(UdpRelay.Direction direction, InetSocketAddress client, byte[] datagram) {
            first.compareAndSet(null, client);
            if (!client.equals(first.get()) || done) {
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

        synchronized int firstHello() {
            return hello;
        }

        synchronized int firstAnswer() {
            return answer;
        }
    }
}
