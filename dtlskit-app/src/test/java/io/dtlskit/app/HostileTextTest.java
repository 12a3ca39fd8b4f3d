package io.dtlskit.app;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peer-chosen text on the operator's terminal (issue 11, security defect 2): a PSK identity or hint
 * full of escape sequences and line breaks must neither reach the terminal as control bytes nor
 * forge a log line.
 */
class HostileTextTest {
    /** Clears the screen, paints FAKE red, and forges the server's next log line; plus C1, DEL and CR. */
    static final String HOSTILE = "evil\u001b[2J\u001b[H\u001b[1;41mFAKE\u001b[0m\n(10.0.0.1:1): verified, starting a"
            + " handshake\u009b2J\u007f\r";

    @Test
    void serverOutputForAHostileIdentityHoldsNoControlByteButItsOwnLineEnds() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String output;
        try (PeerProcess server = PeerProcess.start("dtlskit server", List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "server", "--bind", "127.0.0.1:0",
                "--color", "never"));
             DtlsClient client = Qt.client().pskIdentity(HOSTILE).pskKey(PskKey.ofHex("00112233"))
                     .handshakeTimeout(Duration.ofSeconds(5)).build()) {
            server.awaitOutput("Server is listening on address 127.0.0.1 and port ", Duration.ofSeconds(20));
            server.awaitOutput("\n", Duration.ofSeconds(5));
            Matcher m = Pattern.compile("and port (\\d+)").matcher(server.output());
            assertThat(m.find()).isTrue();
            RecordingListener events = new RecordingListener();
            DtlsAssociation a = client.association(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(m.group(1)))).listener(events).connect();
            // The key is wrong on purpose: the identity arrives before the peer has authenticated.
            events.await(e -> e instanceof AssociationEvent.Closed, Duration.ofSeconds(20), "the handshake to fail");
            server.awaitOutput("PSK callback, received a client's identity", Duration.ofSeconds(10));
            server.close(); // SIGTERM: the server prints its summary line and exits
            server.awaitOutput("Server stopped", Duration.ofSeconds(10));
            output = server.output();
            assertThat(a.stats().cipherSuite()).isNull();
        }
        // The process output is read as Latin-1: one char per byte.
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            assertThat(c < 0x20 && c != '\n' || c == 0x7f)
                    .as("byte 0x%02x at %d in:%n%s", (int) c, i, output).isFalse();
            if (c == 0xc2 && i + 1 < output.length()) {
                assertThat(output.charAt(i + 1) >= 0x80 && output.charAt(i + 1) <= 0x9f)
                        .as("a UTF-8 C1 control at %d", i).isFalse();
            }
        }
        assertThat(output).contains("received a client's identity: 'evil\\x1b[2J\\x1b[H\\x1b[1;41mFAKE\\x1b[0m\\x0a"
                + "(10.0.0.1:1): verified, starting a handshake\\x9b2J\\x7f\\x0d'");
        assertThat(output.lines()).noneMatch(l -> l.startsWith("(10.0.0.1:1)"));
    }

    @Test
    void clientOutputForAHostileIdentityHintHoldsNoControlCharacter() throws Exception {
        try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .identityHint(HOSTILE).start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(new String[] {"client", "--server", "127.0.0.1:" + server.localAddress().getPort(),
                    "--pings", "1", "--ping-interval", "100ms", "--color", "never"}, new PrintWriter(out, true),
                    new PrintWriter(err, true));
            assertThat(exit).as(err.toString()).isZero();
            String text = out.toString();
            assertThat(text).contains("server identity hint 'evil\\x1b[2J\\x1b[H\\x1b[1;41mFAKE\\x1b[0m\\x0a(10.0.0.1:1)");
            assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f)).isEmpty();
        }
    }

    @Test
    void jsonOutputEscapesAHostileHintToo() throws Exception {
        try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .identityHint(HOSTILE).start()) {
            StringWriter out = new StringWriter();
            int exit = Main.run(new String[] {"client", "--server", "127.0.0.1:" + server.localAddress().getPort(),
                    "--pings", "1", "--ping-interval", "100ms", "--json"}, new PrintWriter(out, true),
                    new PrintWriter(new StringWriter(), true));
            assertThat(exit).isZero();
            String text = out.toString();
            assertThat(text.chars().filter(c -> c != '\n' && (c < 0x20 || c > 0x7e))).isEmpty();
            com.fasterxml.jackson.databind.JsonNode hint = null;
            for (String line : text.split("\n")) {
                com.fasterxml.jackson.databind.JsonNode n = CliTest.JSON.readTree(line);
                if (n.get("event").asText().equals("IdentityHint")) {
                    hint = n;
                }
            }
            assertThat(hint).isNotNull();
            assertThat(hint.get("hint").asText()).isEqualTo(HOSTILE); // exact, once decoded
        }
    }

    @Test
    void colouredOutputEscapesPeerTextToo() {
        StringWriter out = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out, true), false);
        new ConsolePrinter(terminal, true, false, "").onEvent(new io.dtlskit.ServerEvent.PskIdentity(
                java.time.Instant.EPOCH, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), HOSTILE));
        String line = out.toString();
        // Exactly our own colour code and reset, then the line end.
        assertThat(line).startsWith("\u001b[38;5;25m").endsWith("\u001b[0m" + System.lineSeparator());
        assertThat(line.chars().filter(c -> c == 0x1b)).hasSize(2);
    }
}
