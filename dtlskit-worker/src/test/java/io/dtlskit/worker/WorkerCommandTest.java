package io.dtlskit.worker;

import io.dtlskit.testing.LeakCheckedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command-line input and a worker whose master never answers. */
class WorkerCommandTest extends LeakCheckedTest {
    @Test
    void addressesTakeADefaultMasterPortAndRejectBadPortsInOneLine() {
        assertThat(WorkerCommand.address("127.0.0.1", 5557, "--master")).isEqualTo(new InetSocketAddress("127.0.0.1", 5557));
        assertThat(WorkerCommand.address("[::1]:6000", 5557, "--master").getPort()).isEqualTo(6000);
        assertThatThrownBy(() -> WorkerCommand.address("127.0.0.1", -1, "--server"))
                .hasMessage("--server: expected HOST:PORT with a port from 1 to 65535, got '127.0.0.1'");
        assertThatThrownBy(() -> WorkerCommand.address("host:99999", -1, "--server")).hasMessageContaining("65535");
        assertThatThrownBy(() -> WorkerCommand.duration("soon", "--echo-interval"))
                .hasMessage("--echo-interval: expected a duration like 500ms, 10s or 2m, got 'soon'");
        assertThat(WorkerCommand.duration("250ms", "x")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WorkerCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("dtlskit: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        int code = cli.execute("--master", "127.0.0.1:5557", "--server", "127.0.0.1:70000");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(
                "dtlskit: --server: expected HOST:PORT with a port from 1 to 65535, got '127.0.0.1:70000'");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aWorkerWhoseMasterNeverAnswersGivesUpWithAReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WorkerSettings settings = WorkerSettings.builder(new InetSocketAddress("127.0.0.1", port),
                new InetSocketAddress("127.0.0.1", 9)).connectTimeout(Duration.ofMillis(1500)).build();
        WorkerResult r = new LocustWorker(settings, line -> { }).run();
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).isEqualTo("no answer from the Locust master at tcp://127.0.0.1:" + port
                + " within 1 s (is it running with --master, and is --master-bind-port reachable from here?)");
    }
}
