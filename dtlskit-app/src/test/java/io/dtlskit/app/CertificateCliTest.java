package io.dtlskit.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.DtlsServer;
import io.dtlskit.PeerVerifier;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** `dtlskit certs` and the certificate / raw-key options of `client`, run in-process. */
class CertificateCliTest {
    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void certsThenMutualAuthenticationAgainstAServerBuiltFromTheSameFiles(@TempDir Path dir) throws Exception {
        ResourceCheck resources = ResourceCheck.baseline();
        CliTest.Run certs = run("certs", dir.toString());
        assertThat(certs.exit()).as(certs.err()).isZero();
        assertThat(certs.out()).contains("ca.pem", "server-key.pem (mode 0600)".replace(" (mode 0600)", ""), "SHA-256 ")
                .contains("dtlskit server --cert").contains("dtlskit client --server localhost:22334");
        try (DtlsServer server = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .credentials(Credentials.fromPem(dir.resolve("server.pem"), dir.resolve("server-key.pem")))
                .clientAuth(ClientAuth.NEED, PeerVerifier.trusting(dir.resolve("ca.pem")))
                .handler(io.dtlskit.ServerHandler.ack()).start()) {
            String target = "localhost:" + server.localAddress().getPort();
            CliTest.Run ok = run("client", "--server", target, "--ca", dir.resolve("ca.pem").toString(),
                    "--cert", dir.resolve("client.pem").toString(), "--key", dir.resolve("client-key.pem").toString(),
                    "--pings", "1", "--ping-interval", "100ms", "--color", "never");
            assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("server presented Certificate[subject=CN=localhost", "issuer=CN=dtlskit test CA",
                    "EC P-256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
            assertThat(ok.out().lines().filter(l -> l.startsWith("association")).findFirst().orElseThrow().strip()).endsWith("peer");

            CliTest.Run p12 = run("client", "--server", target, "--ca", dir.resolve("ca.pem").toString(),
                    "--cert", dir.resolve("client.p12").toString(), "--key-password-file",
                    dir.resolve("client.p12.pass").toString(), "--pings", "1", "--ping-interval", "100ms", "--json");
            assertThat(p12.exit()).as(p12.out() + p12.err()).isZero();
            JsonNode shown = p12.out().lines().map(CertificateCliTest::json)
                    .filter(n -> n.get("event").asText().equals("PeerCertificate")).findFirst().orElseThrow();
            assertThat(shown.get("identity").get("subject").asText()).isEqualTo("CN=localhost");
            assertThat(shown.get("identity").get("sha256").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            JsonNode summary = p12.out().lines().map(CertificateCliTest::json)
                    .filter(n -> n.get("event").asText().equals("Summary")).findFirst().orElseThrow();
            assertThat(summary.get("peer").get("issuer").asText()).isEqualTo("CN=dtlskit test CA");
            assertThat(summary.get("peer").get("keyType").asText()).isEqualTo("EC P-256");

            CliTest.Run noCert = run("client", "--server", target, "--ca", dir.resolve("ca.pem").toString(),
                    "--pings", "1", "--handshake-timeout", "5s", "--color", "never");
            assertThat(noCert.exit()).isEqualTo(1);
            assertThat(noCert.err()).contains("requires a client certificate: pass --cert FILE --key FILE");

            CliTest.Run insecure = run("client", "--server", target, "--insecure", "--cert", dir.resolve("client.pem").toString(),
                    "--key", dir.resolve("client-key.pem").toString(), "--pings", "1", "--ping-interval", "100ms", "--json");
            assertThat(insecure.exit()).isZero();
            assertThat(insecure.err()).contains("WARNING: --insecure");
            assertThat(insecure.out()).contains("NOT verified");
            assertThat(certs.out() + ok.out() + p12.out() + noCert.err() + insecure.out())
                    .doesNotContain(Files.readString(dir.resolve("client-key.pem")).lines().skip(1).findFirst().orElseThrow());
        }
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    @Test
    void badCertificateInputIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        run("certs", dir.toString());
        String ca = dir.resolve("ca.pem").toString();
        for (String[] args : new String[][] {
                {"client", "--server", "127.0.0.1:1", "--ca", ca, "--cert", dir.resolve("client.pem").toString()},
                {"client", "--server", "127.0.0.1:1", "--ca", dir.resolve("missing.pem").toString()},
                {"client", "--server", "127.0.0.1:1", "--server-pubkey", "SHA256:zz"},
                {"client", "--server", "127.0.0.1:1", "--insecure", "--ca", ca},
                {"client", "--server", "127.0.0.1:1", "--ca", ca, "--cert", dir.resolve("client.p12").toString(),
                        "--key-password-env", "DTLSKIT_NO_SUCH_VARIABLE"},
                {"server", "--self-signed", "--rpk"},
                {"server", "--client-auth", "maybe", "--self-signed", "--client-ca", ca},
                {"server", "--key", dir.resolve("server-key.pem").toString()}}) {
            CliTest.Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        }
    }

    static JsonNode json(String line) {
        try {
            return CliTest.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
