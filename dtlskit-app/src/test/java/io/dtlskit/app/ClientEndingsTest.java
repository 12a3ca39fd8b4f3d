package io.dtlskit.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtlskit.DtlsServer;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.dtlskit.app.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** How a client run ends, and that the operator always learns why. */
class ClientEndingsTest {
    @Test
    void ctrlCDuringAHandshakeStopsAtOnceSummarisesWithTheReasonAndExits130() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // A bound socket that never answers: the handshake retransmits (and no ICMP ends it early).
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             PeerProcess client = PeerProcess.start("dtlskit client", List.of(java, "-cp",
                     System.getProperty("java.class.path"), Main.class.getName(), "client", "--server",
                     "127.0.0.1:" + silent.getLocalPort(), "--color", "never"))) {
            client.awaitOutput("handshake timeout, trying to re-transmit", Duration.ofSeconds(30));
            int mark = client.mark();
            long start = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(client.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            int exit = client.awaitExit(Duration.ofSeconds(20), "the client to exit after Ctrl-C");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            String after = client.output().substring(mark);
            assertThat(exit).as(client.tail()).isEqualTo(130);
            assertThat(after).contains("reason").contains("interrupted during handshake")
                    .contains("1 association: 0 established, 0 replied, 1 failed")
                    .doesNotContain("trying to re-transmit");
            assertThat(after).contains("dtlskit: 1 of 1 association(s) failed; first: Alice (clone number 0):"
                    + " interrupted during handshake");
            // Well inside the next retransmission timer (2 s after the first): it stopped at once.
            assertThat(tookMs).as("ms from SIGINT to exit").isLessThan(15_000);
        }
    }

    @Test
    void statusLineEndsWithALineEndAfterAnInterrupt() {
        java.io.StringWriter out = new java.io.StringWriter();
        Terminal t = new Terminal(new java.io.PrintWriter(out, true), true);
        t.startStatus(() -> "1 association(s): 1 handshaking | pings 0, replies 0");
        t.println("a line"); // draws the status after the line
        t.finishStatus();
        t.println("summary");
        assertThat(out.toString()).endsWith("1 association(s): 1 handshaking | pings 0, replies 0"
                + System.lineSeparator() + "summary" + System.lineSeparator());
        t.close();
    }

    @Test
    void aDeadServerIsWarnedAboutAtABoundedRateAndMaxUnansweredEndsTheRun() throws Exception {
        try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .start();
             UdpRelay relay = new UdpRelay(server.localAddress(), 11)) {
            // The server "dies" once it has answered the first ping: from then on nothing gets through.
            relay.tap((direction, client, datagram) -> {
                if (direction == UdpRelay.Direction.TO_CLIENT && datagram.length > 0 && datagram[0] == 23) {
                    relay.impair(new UdpRelay.Impairment(1, 0, 0, 0), new UdpRelay.Impairment(1, 0, 0, 0));
                }
            });
            CliTest.Run r = run("client", "--server", "127.0.0.1:" + relay.address().getPort(), "--ping-interval",
                    "100ms", "--max-unanswered", "25", "--color", "never");
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            List<String> warnings = r.out().lines().filter(l -> l.contains("server answered none of the last")).toList();
            // At 3 unanswered pings, then every 10 pings (once a second at this interval): 3, 13, 23.
            assertThat(warnings).hasSizeBetween(2, 4);
            assertThat(warnings.get(0)).endsWith("server answered none of the last 3 pings");
            assertThat(r.err().strip()).isEqualTo("dtlskit: 1 of 1 association(s) failed; first: Alice (clone number "
                    + r.err().replaceAll("(?s).*clone number (\\d+)\\).*", "$1") + "): the server answered none of the"
                    + " last 25 pings (--max-unanswered 25)");
        }
    }

    @Test
    void jsonSummaryHasTimeLevelFailureAndTheOverallFigures() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .start()) {
            CliTest.Run r = run("client", "--server", "127.0.0.1:" + server.localAddress().getPort(), "--server",
                    "127.0.0.1:" + port, "--pings", "1", "--ping-interval", "100ms", "--handshake-timeout", "1s",
                    "--json");
            assertThat(r.exit()).isEqualTo(1);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : r.outLines()) {
                lines.add(CliTest.JSON.readTree(line));
            }
            List<JsonNode> summaries = lines.stream().filter(n -> n.get("event").asText().equals("Summary")).toList();
            assertThat(summaries).hasSize(2);
            assertThat(summaries).allSatisfy(n -> {
                assertThat(n.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(n.has("failure")).isTrue();
            });
            assertThat(summaries.get(0).get("level").asText()).isEqualTo("info");
            assertThat(summaries.get(0).get("failure").isNull()).isTrue();
            assertThat(summaries.get(1).get("level").asText()).isEqualTo("error");
            assertThat(summaries.get(1).get("failure").asText()).contains("handshake timed out after 1 s");
            JsonNode overall = lines.getLast();
            assertThat(overall.get("event").asText()).isEqualTo("RunSummary");
            assertThat(overall.get("established").asInt()).isEqualTo(1);
            assertThat(overall.get("failed").asInt()).isEqualTo(1);
            JsonNode reply = lines.stream().filter(n -> n.get("event").asText().equals("ServerResponse")).findFirst()
                    .orElseThrow();
            assertThat(reply.has("plaintext")).isFalse();
            assertThat(reply.get("plaintextHex").asText()).matches("[0-9a-f]+");
        }
    }

    @Test
    void humanSummaryHasAServerColumnForSeveralServersAndAnOverallLine() throws Exception {
        try (DtlsServer a = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
             DtlsServer b = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start()) {
            CliTest.Run r = run("client", "--server", "127.0.0.1:" + a.localAddress().getPort(), "--server",
                    "127.0.0.1:" + b.localAddress().getPort(), "-n", "2", "--pings", "1", "--ping-interval", "100ms",
                    "--color", "never");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).containsPattern("association +server +state").doesNotContain("reason")
                    .containsPattern("127\\.0\\.0\\.1:" + b.localAddress().getPort() + " +closed");
            assertThat(r.out().strip().lines().toList().getLast())
                    .matches("4 associations: 4 established, 4 replied, 0 failed; median handshake \\d+\\.\\d\\d ms,"
                            + " median RTT \\d+\\.\\d\\d ms");
        }
    }

    @Test
    void atScaleTheTableShowsOnlyFailuresAndTheOverallLineSaysTheRest() {
        List<Summary.Outcome> outcomes = new ArrayList<>();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), 22334);
        for (int i = 0; i < 1000; i++) {
            outcomes.add(new Summary.Outcome(new io.dtlskit.AssociationStats("A" + i, io.dtlskit.AssociationState.CLOSED,
                    "TLS_PSK_WITH_AES_128_GCM_SHA256", Duration.ofMillis(3), 0, 1, 1, 2, 2, 100, 100,
                    java.util.Map.of(), Duration.ofMillis(1), Duration.ofMillis(1)), server, null));
        }
        String table = Summary.table(outcomes);
        assertThat(table.lines().toList()).containsExactly("(1000 associations, none failed: table left out)",
                "1000 associations: 1000 established, 1000 replied, 0 failed; median handshake 3.00 ms, median RTT 1.00 ms");
    }

    @Test
    void icmpPortUnreachableEndsTheHandshakeAfterAFewInARow() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: the kernel answers with ICMP port unreachable
        }
        long start = System.nanoTime();
        CliTest.Run r = run("client", "--server", "127.0.0.1:" + port, "--pings", "1", "--max-unreachable", "2",
                "--color", "never");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no server on 127.0.0.1:" + port + ": ICMP port unreachable for 2 flights in a row")
                .contains("is the server running");
        // The default --handshake-timeout is 60 s; two unreachables come within about 1 s (RFC 6347 timers).
        assertThat(tookMs).as("ms until the client gave up").isLessThan(30_000);
        assertThat(r.out().lines().filter(l -> l.contains("ICMP port unreachable from"))).hasSize(1);
    }
}
