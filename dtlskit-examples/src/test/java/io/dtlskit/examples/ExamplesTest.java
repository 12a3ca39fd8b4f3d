package io.dtlskit.examples;

import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Runs each example as its user would: the servers on a free port, the client against them. */
class ExamplesTest {
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    ResourceCheck resources;

    @BeforeEach
    void baseline() {
        resources = ResourceCheck.baseline();
    }

    @AfterEach
    void noLeaks() throws Exception {
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void pskClientAgainstThePskServerWithItsOwnHandler() throws Exception {
        try (DtlsServer server = PskServer.start(ANY_PORT)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int replies = PskClient.run(server.localAddress(), "sensor-1", PskKey.ofHex("0a0b0c0d"),
                    List.of("temperature 21.5", "humidity 40", "bye"), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(replies).isEqualTo(2);
            assertThat(lines(out)).containsExactly("1 sensor-1: TEMPERATURE 21.5", "2 sensor-1: HUMIDITY 40", "(no reply)");
        }
    }

    @Test
    void theServerRefusesAnIdentityItDoesNotKnow() throws Exception {
        try (DtlsServer server = PskServer.start(ANY_PORT)) {
            Throwable failure = catchThrowable(() -> PskClient.run(server.localAddress(), "sensor-9",
                    PskKey.ofHex("0a0b0c0d"), List.of("hello"), new PrintStream(new ByteArrayOutputStream())));
            assertThat(failure).isInstanceOf(CompletionException.class)
                    .hasMessageContaining("server sent fatal alert unknown_psk_identity");
        }
    }

    @Test
    void pskClientAgainstTheEchoServer() throws Exception {
        try (DtlsServer server = EchoServer.start(ANY_PORT, PskKey.ofHex("0a0b0c0d"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int replies = PskClient.run(server.localAddress(), "anyone", PskKey.ofHex("0a0b0c0d"),
                    List.of("one", "two words"), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(replies).isEqualTo(2);
            assertThat(lines(out)).containsExactly("one", "two words");
        }
    }

    @Test
    void certificateClientAgainstTheCertificateServer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path pki)
            throws Exception {
        io.dtlskit.TestPki.write(pki); // what `dtlskit certs pki` writes
        try (DtlsServer server = CertificateServer.start(ANY_PORT, pki)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InetSocketAddress localhost = new InetSocketAddress("localhost", server.localAddress().getPort());
            String reply = CertificateClient.run(localhost, pki, "temperature 21.5",
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(reply).isEqualTo("hello CN=dtlskit client, you sent temperature 21.5");
            assertThat(lines(out).get(0)).isEqualTo("server CN=localhost over TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
        }
    }
}
