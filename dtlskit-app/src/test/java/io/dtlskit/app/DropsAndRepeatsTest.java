package io.dtlskit.app;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DropReason;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Drops are shown, and shown in proportion: summary lines, never one line per datagram. */
class DropsAndRepeatsTest {
    @Test
    void dropsAreReportedAsOneLinePerPeriodWithTheirReasonsLargestFirst() {
        AtomicReference<Map<DropReason, Long>> counters = new AtomicReference<>(Map.of());
        DropReporter r = new DropReporter(counters::get, Duration.ofSeconds(5));
        List<String> lines = new ArrayList<>();
        r.tick(lines::add);
        assertThat(lines).isEmpty();
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        m.put(DropReason.OVERSIZE, 34L);
        m.put(DropReason.UNKNOWN_PEER, 1200L);
        counters.set(Map.copyOf(m));
        r.tick(lines::add);
        m.put(DropReason.UNKNOWN_PEER, 1201L);
        counters.set(Map.copyOf(m));
        r.tick(lines::add);
        r.tick(lines::add); // nothing new: no line
        assertThat(lines).containsExactly("dropped 1,234 datagrams in the last 5 s: 1,200 UNKNOWN_PEER, 34 OVERSIZE",
                "dropped 1 datagram in the last 5 s: 1 UNKNOWN_PEER");
    }

    @Test
    void cookieExchangesAreSummarisedWithoutVerboseAndAllShownWithIt() {
        for (boolean verbose : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            ConsolePrinter p = new ConsolePrinter(new Terminal(new PrintWriter(out, true), false), false, verbose, "");
            for (int i = 0; i < 3000; i++) {
                p.onEvent(new ServerEvent.HelloVerifySent(Instant.EPOCH,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000 + i)));
            }
            p.flushRepeats(Duration.ofSeconds(5));
            List<String> lines = out.toString().lines().toList();
            if (verbose) {
                assertThat(lines).hasSize(3000).allMatch(l -> l.endsWith(": not verified yet"));
            } else {
                assertThat(lines).hasSize(ConsolePrinter.HELLO_VERIFY_SHOWN_PER_PERIOD + 1);
                assertThat(lines.getLast()).isEqualTo("2,995 more 'not verified yet' (cookie exchanges) in the last 5 s"
                        + " not shown; -v shows each");
            }
        }
    }

    @Test
    void aPeerRefusedByMaxAssociationsShowsUpAsLimitReachedOnTheServer() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        try (PeerProcess server = PeerProcess.start("dtlskit server", List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "server", "--bind", "127.0.0.1:0",
                "--max-associations", "1", "--color", "never"));
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(500))
                     .handshakeTimeout(Duration.ofSeconds(3)).build()) {
            server.awaitOutput("Server is listening on address 127.0.0.1 and port ", Duration.ofSeconds(20));
            server.awaitOutput("\n", Duration.ofSeconds(5));
            Matcher m = Pattern.compile("and port (\\d+)").matcher(server.output());
            assertThat(m.find()).isTrue();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(m.group(1)));
            RecordingListener events = new RecordingListener();
            DtlsAssociation first = client.association(address).name("First").listener(events).connect();
            first.handshake().get(20, TimeUnit.SECONDS);
            client.association(address).name("Second").listener(events).connect();
            events.await(e -> e instanceof AssociationEvent.Failed f && f.association().equals("Second"),
                    Duration.ofSeconds(20), "the refused peer to give up");
            // The report comes once per period (5 s).
            server.awaitOutput("LIMIT_REACHED", Duration.ofSeconds(20));
            assertThat(server.output()).containsPattern("dropped \\d+ datagrams? in the last 5 s: \\d+ LIMIT_REACHED");
            server.close();
            server.awaitOutput("Server stopped", Duration.ofSeconds(10));
            assertThat(server.output()).containsPattern("datagrams? dropped \\(\\d+ LIMIT_REACHED")
                    .doesNotContain("{");
        }
    }
}
