package io.dtlskit.worker;

import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerHandler;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.PeerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's real Locust master (python3-locust 2.12) with two dtlskit workers on loopback, against our
 * own server: the master hands out the users and ends the run after its run time (headless: quit; with
 * the web UI: stop, then quit), and its aggregated CSV must agree with what each worker counted itself.
 * Workers whose master dies stop by themselves.
 */
class LocustMasterTest extends LeakCheckedTest {
    private static final Path LOCUSTFILE = Path.of("locustfile.py"); // the module's own, as the README uses it
    private static final int USERS = 8;

    @Override
    protected Duration leakTimeout() {
        return Duration.ofSeconds(15);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void twoWorkersUnderARealMasterReportWhatTheyCounted() throws Exception {
        Run run = startRun(Duration.ofSeconds(60), false, "--headless", "-t", "8s");
        assertThat(run.master.awaitExit(Duration.ofSeconds(90), "headless run of 8 s"))
                .as("master exit code; output:\n%s", run.master.tail()).isZero();
        // The master's quit ends the workers by themselves.
        WorkerResult a = run.first.get(20, TimeUnit.SECONDS);
        WorkerResult b = run.second.get(20, TimeUnit.SECONDS);
        assertThat(run.master.output()).contains("All users spawned", "(" + USERS + " total users)");
        assertAgreement(run, a, b);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aStopFromTheMasterStopsTheUsersAndTheWorkersWaitForTheNextTest() throws Exception {
        // What the web UI's Stop button does: --autostart runs the test with the web UI up, stops it after
        // the run time (a "stop" message to each worker), and --autoquit then quits the master and workers.
        int webPort = freeTcpPort();
        // With --resume, so the users' later handshakes are a row of their own ("resumed handshake").
        Run run = startRun(Duration.ofSeconds(60), true, "--autostart", "--autoquit", "2", "--web-host", "127.0.0.1",
                "--web-port", String.valueOf(webPort), "-t", "6s");
        assertThat(run.master.awaitExit(Duration.ofSeconds(90), "run of 6 s with the web UI"))
                .as("master exit code; output:\n%s", run.master.tail()).isZero();
        WorkerResult a = run.first.get(20, TimeUnit.SECONDS);
        WorkerResult b = run.second.get(20, TimeUnit.SECONDS);
        assertThat(run.master.output()).contains("--run-time limit reached, stopping test",
                "reported that it has stopped, removing from running workers", "--autoquit time reached");
        assertThat(run.status).anyMatch(l -> l.startsWith("a: test stopped by the master"))
                .anyMatch(l -> l.startsWith("b: test stopped by the master"));
        assertAgreement(run, a, b);
        assertThat(a.of(Requests.RESUMED_HANDSHAKE).requests() + b.of(Requests.RESUMED_HANDSHAKE).requests())
                .as("resumed handshakes").isPositive();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void workersWhoseMasterDiesStopByThemselves() throws Exception {
        Run run = startRun(Duration.ofSeconds(2), false, "--headless", "-t", "120s");
        run.master.awaitOutput("All users spawned", Duration.ofSeconds(60));
        ProcessHandle.of(run.master.pid()).ifPresent(ProcessHandle::destroyForcibly); // no quit message
        for (FutureTask<WorkerResult> w : List.of(run.first, run.second)) {
            WorkerResult r = w.get(30, TimeUnit.SECONDS);
            assertThat(r.ok()).isFalse();
            assertThat(r.reason()).startsWith("lost the Locust master at tcp://127.0.0.1:").endsWith("for more than 2 s");
        }
    }

    private record Run(PeerProcess master, Path csvPrefix, FutureTask<WorkerResult> first,
                       FutureTask<WorkerResult> second, List<String> status) {
    }

    /** Our server, a master with {@code masterArgs} expecting two workers of USERS users, two workers. */
    private Run startRun(Duration masterLostTimeout, boolean resume, String... masterArgs) throws Exception {
        requireLocust();
        DtlsServer server = closeLater(DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskKey(PskKey.ofHex("1a2b3c4d5e6f")).handler(ServerHandler.ack())
                .listener(serverEvents).start());
        int masterPort = freeTcpPort();
        Path dir = Files.createDirectories(Path.of("target", "locust-" + System.nanoTime()));
        Path prefix = dir.toAbsolutePath().resolve("run");
        List<String> command = new ArrayList<>(List.of("locust", "-f", LOCUSTFILE.toAbsolutePath().toString(),
                "--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", String.valueOf(masterPort),
                "--expect-workers", "2", "-u", String.valueOf(USERS), "-r", String.valueOf(USERS),
                "--csv", prefix.toString()));
        command.addAll(List.of(masterArgs));
        PeerProcess master = closeLater(PeerProcess.start("locust-master", command, dir));

        // Short echo cycles, so each user also closes and handshakes again during the run.
        WorkerSettings settings = WorkerSettings.builder(new InetSocketAddress("127.0.0.1", masterPort),
                server.localAddress()).echo(Duration.ofMillis(100), 5).masterLostTimeout(masterLostTimeout).resume(resume)
                .build();
        List<String> status = new CopyOnWriteArrayList<>();
        return new Run(master, prefix, startWorker(settings, "a", status), startWorker(settings, "b", status), status);
    }

    /** The master's CSV against the workers' own counts: equal, no failures. */
    private static void assertAgreement(Run run, WorkerResult a, WorkerResult b) throws IOException {
        for (WorkerResult r : List.of(a, b)) {
            assertThat(r.ok()).as(r.reason()).isTrue();
            assertThat(r.reason()).isEqualTo("quit by the master");
            assertThat(r.of(Requests.HANDSHAKE).requests()).as("each worker handshook").isPositive();
            assertThat(r.of(Requests.ECHO).requests()).as("each worker echoed").isPositive();
        }
        Map<String, long[]> csv = readStatsCsv(Path.of(run.csvPrefix + "_stats.csv"));
        long all = 0;
        for (String name : List.of(Requests.HANDSHAKE, Requests.RESUMED_HANDSHAKE, Requests.ECHO)) {
            long sum = a.of(name).requests() + b.of(name).requests();
            all += sum;
            assertThat(csv.getOrDefault("DTLS " + name, new long[2])).as("master's row for " + name)
                    .containsExactly(sum, 0);
        }
        assertThat(csv.get(" Aggregated")).as("master's aggregated row").containsExactly(all, 0);
        // More handshakes than users: every user closed after 5 echoes and handshook again.
        assertThat(a.of(Requests.HANDSHAKE).requests() + b.of(Requests.HANDSHAKE).requests()
                + a.of(Requests.RESUMED_HANDSHAKE).requests() + b.of(Requests.RESUMED_HANDSHAKE).requests())
                .isGreaterThan(USERS);
        Set<String> names = new HashSet<>(a.requests().keySet());
        names.addAll(b.requests().keySet());
        assertThat(csv).as("no other rows").hasSize(names.size() + 1);
        assertThat(Files.readAllLines(Path.of(run.csvPrefix + "_failures.csv"))).as("failures CSV has its header only")
                .hasSize(1);
    }

    private FutureTask<WorkerResult> startWorker(WorkerSettings settings, String label, List<String> status) {
        LocustWorker worker = new LocustWorker(settings, line -> {
            System.out.println("worker " + label + ": " + line);
            status.add(label + ": " + line);
        });
        FutureTask<WorkerResult> task = new FutureTask<>(worker::run);
        Thread.ofPlatform().name("test-locust-worker-" + label).daemon().start(task);
        closeLater(() -> {
            worker.shutdown();
            task.get(20, TimeUnit.SECONDS);
        });
        return task;
    }

    /** (Type + " " + Name) to {Request Count, Failure Count} from Locust's _stats.csv. */
    private static Map<String, long[]> readStatsCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.getFirst()).startsWith("Type,Name,Request Count,Failure Count,");
        Map<String, long[]> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1); // our names have no commas
            rows.put(f[0] + " " + f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
        }
        return rows;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** In CI a missing master fails (.ci/run installs python3-locust); locally the test is skipped. */
    static void requireLocust() {
        if (!PeerProcess.onPath("locust")) {
            String message = "locust not found on PATH: apt-get install python3-locust (2.12.1 in Debian 12)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
    }
}
