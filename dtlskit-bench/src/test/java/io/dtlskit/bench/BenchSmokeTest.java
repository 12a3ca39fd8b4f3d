package io.dtlskit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every bench command with tiny numbers (seconds, not minutes) and checks that the JSON report
 * parses and holds its fields. Benchmarks are not tests: nothing here asserts a rate or a latency.
 */
@Timeout(60)
class BenchSmokeTest {

    @Test
    void handshakesWithPlainUdpBaseline() {
        Map<String, Object> report = run("handshakes", "-n", "6", "--warmup", "2", "--concurrency", "3",
                "--baseline", "plain-udp");
        assertThat(report.get("command")).isEqualTo("handshakes");
        assertThat(stacks(report)).containsExactly("dtlskit", "plain-udp");
        for (Map<String, Object> figures : figures(report)) {
            assertThat(figures).containsKeys("handshakesPerSecond", "latencyP50Ms", "latencyP90Ms", "latencyP99Ms",
                    "latencyMaxMs", "retransmissions", "failures");
            assertThat(figures.get("established")).isEqualTo(6L);
            assertThat(figures.get("failures")).isEqualTo(0L);
        }
        assertThat(ratios(report)).containsKey("plain-udp");
        assertThat(ratios(report).get("plain-udp")).containsKey("handshakesPerSecond");
    }

    @Test
    void jfrRecordsTheMeasuredWindowInBothJvms(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        run("handshakes", "-n", "4", "--warmup", "0", "--concurrency", "2", "--jfr", dir.toString());
        assertThat(dir.resolve("dtlskit-client.jfr")).isNotEmptyFile();
        assertThat(dir.resolve("dtlskit-server.jfr")).isNotEmptyFile();
    }

    @Test
    void handshakesResumedBesideCalifornium() {
        Map<String, Object> report = run("handshakes", "-n", "4", "--warmup", "2", "--concurrency", "2", "--resume",
                "--baseline", "californium");
        assertThat(stacks(report)).containsExactly("dtlskit", "californium");
        for (Map<String, Object> f : figures(report)) {
            assertThat(f).containsKeys("handshakesPerSecond", "resumedHandshakesPerSecond",
                    "resumedClientCpuUsPerHandshake", "resumedServerCpuUsPerHandshake");
            assertThat(f.get("established")).isEqualTo(4L);
            assertThat(f.get("resumedEstablished")).isEqualTo(4L);
            assertThat(f.get("resumedOfMeasured")).as("every measured abbreviated handshake resumed").isEqualTo(4L);
        }
    }

    @Test
    void echo() {
        Map<String, Object> report = run("echo", "-n", "2", "--duration", "1s", "--warmup-time", "0s",
                "--payload", "32", "--window", "2");
        assertThat(stacks(report)).containsExactly("dtlskit");
        Map<String, Object> f = figures(report).get(0);
        assertThat(f).containsKeys("sentPerSecond", "receivedPerSecond", "rttP50Ms", "rttP99Ms", "losses");
        assertThat(f.get("associationsActive")).isEqualTo(2L);
        assertThat((Long) f.get("repliesReceived")).isPositive();
    }

    @Test
    void holdWithCaliforniumBaseline() {
        Map<String, Object> report = run("hold", "-n", "4", "--concurrency", "2", "--baseline", "californium");
        assertThat(stacks(report)).containsExactly("dtlskit", "californium");
        for (Map<String, Object> f : figures(report)) {
            assertThat(f).containsKeys("establishSeconds", "clientHeapPerAssociationBytes",
                    "serverHeapPerAssociationBytes", "clientPlatformThreads", "serverPlatformThreads",
                    "clientFileDescriptors", "serverFileDescriptors");
            assertThat(f.get("established")).isEqualTo(4L);
        }
        assertThat(figures(report).get(0).get("serverAssociations")).isEqualTo(4L);
        assertThat(ratios(report).get("californium")).containsKey("clientPlatformThreads");
    }

    @Test
    void pairsRunsEveryClientAgainstEveryServer() {
        Map<String, Object> report = run("pairs", "-n", "4", "--warmup", "1", "--concurrency", "2");
        assertThat(stacks(report)).containsExactly("dtlskit -> dtlskit", "dtlskit -> californium",
                "californium -> dtlskit", "californium -> californium");
        for (Map<String, Object> f : figures(report)) {
            assertThat(f.get("established")).isEqualTo(4L);
            assertThat(f).containsKeys("serverCpuUsPerHandshake", "serverHandshakesPerSecond", "meanInFlight");
            assertThat(((Number) f.get("serverHandshakesPerSecond")).doubleValue()).isPositive();
            assertThat(((Number) f.get("meanInFlight")).doubleValue()).isPositive().isLessThanOrEqualTo(2.0);
        }
        assertThat(ratios(report)).isEmpty();
        assertThat(notes(report)).anyMatch(n -> n.startsWith("under the dtlskit client, dtlskit server / californium server"));
    }

    @Test
    void theCliFindsBenchThroughItsPluginAndBareBenchIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = io.dtlskit.app.Main.run(new String[] {"bench"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("dtlskit: 'bench' needs a subcommand").contains("Usage: dtlskit bench");
        exit = io.dtlskit.app.Main.run(new String[] {"bench", "handshakes", "-n", "0"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void tableForPeople() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out))
                .execute("handshakes", "-n", "2", "--warmup", "0", "--concurrency", "1", "--quiet");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("| handshakes", "| handshakesPerSecond", "machine:");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--json";
        all[args.length + 1] = "--quiet";
        int exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).execute(all);
        assertThat(exit).as("exit code; output: %s", out).isZero();
        Map<String, Object> report = Report.parse(out.toString().strip());
        assertThat(report).containsKeys("command", "machine", "parameters", "runs", "ratios", "notes");
        assertThat((Map<String, Object>) report.get("machine")).containsKeys("cores", "jdk", "loadAverage1m");
        return report;
    }

    @SuppressWarnings("unchecked")
    private static List<String> stacks(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("runs")).stream().map(r -> (String) r.get("stack")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> figures(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("runs")).stream()
                .map(r -> (Map<String, Object>) r.get("figures")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(Map<String, Object> report) {
        return (List<String>) report.get("notes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> ratios(Map<String, Object> report) {
        return (Map<String, Map<String, Object>>) report.get("ratios");
    }
}
