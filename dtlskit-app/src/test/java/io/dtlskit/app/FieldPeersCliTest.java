package io.dtlskit.app;

import io.dtlskit.testing.PeerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's two reproductions as a user types them, with the CLI as a real process: OpenSSL with
 * {@code -bugs} (a padding extension in its second ClientHello only) and GnuTLS without RFC 5746,
 * both directions.
 */
class FieldPeersCliTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String NO_5746 = "NORMAL:+VERS-DTLS1.2:+PSK:%DISABLE_SAFE_RENEGOTIATION";

    @Test
    void openSslClientWithBugsGetsPastTheCookieExchange() throws Exception {
        require("openssl");
        try (PeerProcess server = dtlskit("server", "--bind", "127.0.0.1:0")) {
            int port = listeningPort(server);
            try (PeerProcess client = PeerProcess.start("openssl s_client -bugs", List.of("openssl", "s_client", "-bugs",
                    "-dtls1_2", "-connect", "127.0.0.1:" + port, "-psk", "1a2b3c4d5e6f", "-psk_identity", "x"))) {
                server.awaitOutput("PSK callback, received a client's identity: 'x'", WAIT);
                server.awaitOutput("encrypted. Session cipher: ", WAIT);
                client.awaitOutput("Cipher is ", WAIT);
                client.write("hello\n");
                client.awaitOutput("): ACK", WAIT);
                assertThat(count(server.output(), ": not verified yet")).as("one HelloVerifyRequest").isEqualTo(1);
            }
        }
    }

    @Test
    void gnuTlsClientWithoutRfc5746IsAcceptedAndReportedOnce() throws Exception {
        require("gnutls-cli");
        try (PeerProcess server = dtlskit("server", "--bind", "127.0.0.1:0")) {
            int port = listeningPort(server);
            try (PeerProcess client = PeerProcess.start("gnutls-cli", List.of("gnutls-cli", "--udp", "--port",
                    String.valueOf(port), "--pskusername", "x", "--pskkey", "1a2b3c4d5e6f", "--priority", NO_5746,
                    "127.0.0.1"))) {
                client.awaitOutput("- Handshake was completed", WAIT);
                client.write("hello\n");
                client.awaitOutput("): ACK", WAIT);
                assertThat(count(server.output(), "client does not support secure renegotiation (RFC 5746), accepted"))
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void ourClientAgainstGnuTlsServerWithoutRfc5746() throws Exception {
        require("gnutls-serv");
        Path psk = Files.createTempFile("dtlskit-psk", ".txt");
        try {
            Files.writeString(psk, "Alice (clone number 0):1a2b3c4d5e6f\n");
            int port = freePort();
            try (PeerProcess server = PeerProcess.start("gnutls-serv", List.of("gnutls-serv", "--udp", "--echo", "-p",
                    String.valueOf(port), "--pskpasswd", psk.toString(), "--pskhint", "Qt DTLS example server",
                    "--priority", NO_5746))) {
                server.awaitOutput("...done", WAIT); // its IPv4 line ends in "...done" once bound (printed before the bind)
                try (PeerProcess client = dtlskit("client", "--server", "127.0.0.1:" + port, "--pings", "1")) {
                    int code = client.awaitExit(WAIT, "dtlskit client --pings 1");
                    assertThat(code).as("exit code; output:\n" + client.output()).isZero();
                    assertThat(count(client.output(), "server does not support secure renegotiation (RFC 5746)"))
                            .isEqualTo(1);
                }
            }
        } finally {
            Files.deleteIfExists(psk);
        }
    }

    private static PeerProcess dtlskit(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--color", "never"));
        return PeerProcess.start("dtlskit " + args[0], command);
    }

    private static int listeningPort(PeerProcess server) {
        server.awaitOutput("Server is listening on address 127.0.0.1 and port ", WAIT);
        server.awaitOutput("\n", Duration.ofSeconds(5));
        Matcher m = Pattern.compile("and port (\\d+)").matcher(server.output());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int freePort() throws Exception {
        try (var s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void require(String program) {
        boolean present = PeerProcess.onPath(program);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(present).as(program + " must be installed in CI (scripts/install-interop-peers.sh)").isTrue();
        }
        Assumptions.assumeTrue(present, program + " is not on PATH");
    }
}
