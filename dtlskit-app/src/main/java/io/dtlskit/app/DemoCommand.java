package io.dtlskit.app;

import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded server on 127.0.0.1, open three associations, ping, close, summarise.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--associations", paramLabel = "N", defaultValue = "3",
            description = "Associations to open (default: ${DEFAULT-VALUE}).")
    int associations;

    @Option(names = "--pings", paramLabel = "N", defaultValue = "3", description = "Pings each (default: ${DEFAULT-VALUE}).")
    long pings;

    @Option(names = "--ping-interval", paramLabel = "DUR", defaultValue = "300ms", converter = Options.DurationConverter.class,
            description = "Time between pings (default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Mixin
    Options.Output outputOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (associations < 1 || associations > 1000 || pings < 1 || pingInterval.isZero() || pingInterval.isNegative()) {
            throw new Main.UsageException("demo needs 1-1000 associations, at least 1 ping and a positive interval");
        }
        long start = System.nanoTime();
        try (Output output = new Output(out, outputOptions);
             DtlsServer server = QtDefaults.server(QtDefaults.key()).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                     .listener(output.prefixedServer()).start();
             DtlsClient client = QtDefaults.client(QtDefaults.key(), pingInterval).maxPings(pings).onData((association, data) -> { })
                     .handshakeTimeout(Duration.ofSeconds(10)).build()) {
            ClientRun run = new ClientRun(client, output.associations, pings, pingInterval);
            run.open(List.of(server.localAddress()), associations);
            output.terminal.startStatus(run::status);
            run.awaitFinished(Duration.ofSeconds(10).plus(pingInterval.multipliedBy(pings)).plusSeconds(2));
            client.shutdownAll();
            run.awaitTerminated(Duration.ofSeconds(5));
            output.summary(run.outcomes());
            String reason = run.failureReason();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (reason != null) {
                err.println("dtlskit: demo failed: " + reason);
                return Main.EXIT_FAILED;
            }
            output.line(String.format(java.util.Locale.ROOT,
                    "Demo complete: %d association(s) encrypted, pinged and ACKed in %.1f s. Try: ./dtlskit server, "
                            + "then ./dtlskit client --server 127.0.0.1:22334 --pings 3", associations, seconds));
            return Main.EXIT_OK;
        }
    }
}
