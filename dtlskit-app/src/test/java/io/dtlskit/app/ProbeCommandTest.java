package io.dtlskit.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsServer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dtlskit probe}: human report, JSON with the same facts, exit codes 0 / 1 / 2. */
class ProbeCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void humanReportAndJsonStateTheSameFacts() throws Exception {
        try (DtlsServer server = io.dtlskit.testing.Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start()) {
            String target = "127.0.0.1:" + server.localAddress().getPort();
            Run human = run("probe", target, "--color", "never");
            assertThat(human.exit()).as(human.err()).isZero();
            assertThat(human.out()).contains("Versions        accepts DTLS 1.2", "Cipher suites   10 suites accepted",
                    "PSK identity hint: 'Qt DTLS example server'", "Handshake       not attempted");
            assertThat(human.out()).doesNotContain("\033[");
            assertThat(human.err().lines()).isNotEmpty().allMatch(l -> l.startsWith("probing: "));

            Run json = run("probe", target, "--json", "--psk-identity", "Alice", "--psk-key-env", "NO_SUCH_VARIABLE_HERE");
            assertThat(json.exit()).as("a missing key variable is a usage error").isEqualTo(2);

            Run machine = run("probe", target, "--json");
            assertThat(machine.exit()).as(machine.err()).isZero();
            JsonNode r = new ObjectMapper().readTree(machine.out());
            assertThat(r.get("reachable").asBoolean()).isTrue();
            List<String> accepted = new ArrayList<>();
            r.get("suites").get("accepted").forEach(s -> accepted.add(s.get("name").asText()));
            // A PSK server accepts every default PSK suite (the certificate suites need a certificate).
            assertThat(accepted).containsExactlyInAnyOrderElementsOf(
                    CipherSuite.defaults().stream().filter(CipherSuite::psk).map(Enum::name).toList());
            assertThat(r.get("authentication").get("pskHint").asText()).isEqualTo("Qt DTLS example server");
            assertThat(r.get("cookies").get("helloVerifyRequest").asBoolean()).isTrue();
            assertThat(r.get("cookies").get("amplification").asDouble()).isBetween(0.01, 1.0);
            for (String section : List.of("versions", "suites", "authentication", "cookies", "extensions", "robustness", "handshake")) {
                assertThat(r.get(section).get("verdict").get("verdict").asText()).as(section).isNotBlank();
                assertThat(human.out()).as("human report has the %s verdict", section)
                        .contains(r.get(section).get("verdict").get("verdict").asText().split(";")[0]);
            }
            assertThat(machine.out()).doesNotContain("1a2b3c4d5e6f");
        }
    }

    @Test
    void nothingDtlsThereExitsOne() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("probe", "127.0.0.1:" + port, "--timeout", "200ms", "--color", "never");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("gave no DTLS answer");
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        Run noPort = run("probe", "localhost");
        assertThat(noPort.exit()).isEqualTo(2);
        assertThat(noPort.err().strip().lines()).hasSize(1);
        Run keyWithoutIdentity = run("probe", "127.0.0.1:9", "--psk-key", "00ff");
        assertThat(keyWithoutIdentity.exit()).isEqualTo(2);
        assertThat(keyWithoutIdentity.err()).contains("needs --psk-identity");
        Run badTimeout = run("probe", "127.0.0.1:9", "--timeout", "0s");
        assertThat(badTimeout.exit()).isEqualTo(2);
    }
}
