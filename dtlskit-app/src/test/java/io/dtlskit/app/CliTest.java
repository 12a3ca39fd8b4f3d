package io.dtlskit.app;

import io.dtlskit.testing.Qt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtlskit.DtlsServer;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, run in-process with captured output. */
class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    DtlsServer server;
    String serverArg;
    ResourceCheck resources;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Run run(String... args) {
        return runWithInput("", args);
    }

    static Run runWithInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void startServer() throws Exception {
        resources = ResourceCheck.baseline();
        server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
        serverArg = "127.0.0.1:" + server.localAddress().getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    @Test
    void clientWithPingsExitsZeroWhenEveryAssociationIsAcked() {
        Run r = run("client", "--server", serverArg, "--connections", "2", "--pings", "2", "--ping-interval", "100ms",
                "--color", "never");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("encrypted connection established!").contains("): ACK")
                .contains("TLS_PSK_WITH_AES_128_GCM_SHA256");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonOutputIsOneValidObjectPerLine() throws Exception {
        Run r = run("client", "--server", serverArg, "--pings", "1", "--ping-interval", "100ms", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.outLines()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).allSatisfy(n -> assertThat(n.has("event")).isTrue());
        JsonNode completed = lines.stream().filter(n -> n.get("event").asText().equals("HandshakeCompleted")).findFirst().orElseThrow();
        assertThat(completed.get("level").asText()).isEqualTo("info");
        assertThat(completed.get("association").asText()).startsWith("Alice (clone number ");
        assertThat(completed.get("message").asText()).endsWith(": encrypted connection established!");
        assertThat(completed.at("/result/cipherSuite").asText()).isEqualTo("TLS_PSK_WITH_AES_128_GCM_SHA256");
        JsonNode reply = lines.stream().filter(n -> n.get("event").asText().equals("ServerResponse")).findFirst().orElseThrow();
        assertThat(reply.get("plaintextHex").asText()).isNotEmpty();
        assertThat(lines).anySatisfy(n -> assertThat(n.get("event").asText()).isEqualTo("Summary"));
    }

    @Test
    void noServerGivesExitOneAndAOneLineReason() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("client", "--server", "127.0.0.1:" + port, "--pings", "1", "--handshake-timeout", "1500ms",
                "--color", "never");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("dtlskit: 1 of 1 association(s) failed; first: Alice (clone number ")
                .contains("handshake timed out after 1500 ms");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unparsable address     | --server|nonsense                         | is not HOST:PORT",
            "port out of range      | --server|127.0.0.1:70000                 | out of range",
            "odd-length hex key     | --psk-key|abc                            | odd number of hex digits",
            "missing key file       | --psk-key-file|/nonexistent/key          | No such file or directory",
            "unknown suite          | --suite|RC4-MD5                          | unknown cipher suite",
            "bad duration           | --ping-interval|soon                     | is not a duration",
    })
    void badArgumentsGiveOneLineAndExitTwo(String name, String option, String value, String expected) {
        List<String> args = new ArrayList<>(List.of("client", "--server", serverArg));
        if (option.equals("--server")) {
            args = new ArrayList<>(List.of("client"));
        }
        args.add(option);
        args.add(value);
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        List<String> errLines = r.err().lines().filter(l -> !l.startsWith("dtlskit: warning:")).toList();
        assertThat(errLines).hasSize(1);
        assertThat(errLines.get(0)).startsWith("dtlskit: ").contains(expected).doesNotContain("Exception");
    }

    @Test
    void unknownOptionAndMissingServerAreUsageErrors() {
        assertThat(run("client").exit()).isEqualTo(2);
        Run r = run("client", "--server", serverArg, "--frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option");
    }

    @Test
    void theKeyNeverAppearsInAnyOutput(@TempDir Path dir) throws Exception {
        // A server with a secret key; the client reads it from a file and from the command line.
        String secret = "c0ffee00deadbeef42";
        try (DtlsServer secretServer = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskKey(io.dtlskit.PskKey.ofHex(secret)).start()) {
            String addr = "127.0.0.1:" + secretServer.localAddress().getPort();
            Path keyFile = dir.resolve("key");
            Files.writeString(keyFile, secret + "\n");
            Run fromFile = run("client", "--server", addr, "--pings", "1", "--ping-interval", "100ms", "--psk-key-file",
                    keyFile.toString(), "--json", "-v");
            Run fromArg = run("client", "--server", addr, "--pings", "1", "--ping-interval", "100ms", "--psk-key", secret,
                    "--color", "never", "-v");
            Run wrong = run("client", "--server", addr, "--pings", "1", "--handshake-timeout", "1s", "--psk-key",
                    secret.substring(2), "--json");
            assertThat(fromFile.exit()).as(fromFile.err()).isZero();
            assertThat(fromArg.exit()).as(fromArg.err()).isZero();
            assertThat(wrong.exit()).isEqualTo(1);
            assertThat(fromArg.err()).contains("visible to other local users");
            for (Run r : List.of(fromFile, fromArg, wrong)) {
                assertThat(r.out() + r.err()).doesNotContainIgnoringCase(secret).doesNotContainIgnoringCase(secret.substring(2));
            }
        }
    }

    @Test
    void demoOpensThreeAssociationsAndSummarises() {
        Run r = run("demo", "--color", "never", "--ping-interval", "100ms");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Demo complete: 3 association(s)");
        assertThat(r.out().lines().filter(l -> l.matches("Alice \\(clone number \\d+\\)\\s+closed\\s+TLS_PSK.*"))).hasSize(3);
    }

    @Test
    void stdinSendsEachLineAsARecordAndPrintsEachReply() throws Exception {
        try (DtlsServer echo = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .handler(io.dtlskit.ServerHandler.echo()).start()) {
            String addr = "127.0.0.1:" + echo.localAddress().getPort();
            Run r = runWithInput("hello\nsecond line\n\u001b[31mred\n", "client", "--server", addr, "--stdin",
                    "--color", "never");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.outLines()).containsExactly("hello", "second line", "\\x1b[31mred");
            assertThat(r.err()).contains("encrypted connection established!")
                    .doesNotContain("please, accept our ping");
            Run h = runWithInput("00ff10\nzz\n", "client", "--server", addr, "--stdin", "--hex", "--color", "never");
            assertThat(h.exit()).as(h.err()).isZero();
            assertThat(h.outLines()).containsExactly("00ff10");
            assertThat(h.err()).contains("dtlskit: input line 2 is not hex, not sent");
        }
    }

    @Test
    void stdinAgainstAServerThatNeverAnswersWaitsBoundedAndExitsZero() throws Exception {
        try (DtlsServer silent = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .handler(io.dtlskit.ServerHandler.discard()).start()) {
            Run r = runWithInput("anyone?\n", "client", "--server", "127.0.0.1:" + silent.localAddress().getPort(),
                    "--stdin", "--reply-wait", "300ms", "--color", "never");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.outLines()).isEmpty();
        }
    }

    @Test
    void sendReplacesThePingText(@TempDir Path dir) throws Exception {
        io.dtlskit.testing.RecordingServerListener seen = new io.dtlskit.testing.RecordingServerListener();
        try (DtlsServer s = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).listener(seen)
                .start()) {
            String addr = "127.0.0.1:" + s.localAddress().getPort();
            Run r = run("client", "--server", addr, "--send", "GET /status", "--pings", "2", "--ping-interval", "100ms",
                    "--color", "never");
            assertThat(r.exit()).as(r.err()).isZero();
            Path f = dir.resolve("payload.bin");
            Files.write(f, new byte[] {1, 2, 3});
            Run fromFile = run("client", "--server", addr, "--send", "@" + f, "--pings", "1", "--color", "never");
            assertThat(fromFile.exit()).as(fromFile.err()).isZero();
            List<String> texts = seen.snapshot().stream().filter(e -> e instanceof io.dtlskit.ServerEvent.MessageReceived)
                    .map(e -> ((io.dtlskit.ServerEvent.MessageReceived) e).plaintextText()).toList();
            assertThat(texts).containsExactly("GET /status", "GET /status", "\u0001\u0002\u0003");
        }
        assertThat(run("client", "--server", serverArg, "--send", "@/nonexistent/file").err())
                .isEqualTo("dtlskit: --send file /nonexistent/file does not exist\n");
        assertThat(run("client", "--server", serverArg, "--stdin", "--connections", "2").exit()).isEqualTo(2);
    }

    @Test
    void helpSaysWhichDefaultsAreQts() {
        assertThat(run("client", "--help").out()).contains("Defaults are Qt's: key 1a2b3c4d5e6f");
        assertThat(run("server", "--help").out()).contains("Defaults are Qt's: key 1a2b3c4d5e6f")
                .contains("--reply=ack|echo|none");
    }
}
