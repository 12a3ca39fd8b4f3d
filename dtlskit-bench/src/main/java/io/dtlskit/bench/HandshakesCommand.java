package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code bench handshakes}: the rate and latency of full handshakes (cookie exchange included). */
@Command(name = "handshakes", mixinStandardHelpOptions = true,
        description = "N full handshakes (cookie exchange included), at most C in flight; each association "
                + "is closed once established. Reports handshakes/s, latency percentiles, retransmissions, failures.")
class HandshakesCommand extends Scenario {
    @Option(names = {"-n", "--associations"}, paramLabel = "N", defaultValue = "2000",
            description = "Handshakes to measure (default: ${DEFAULT-VALUE}).")
    int associations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "500",
            description = "Handshakes run first and not measured, to warm the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    int associations() {
        return associations;
    }

    @Override
    int serverCapacity() {
        return warmup + associations + 1_000;
    }

    @Override
    Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("associations", associations);
        m.put("concurrency", concurrency(64));
        m.put("warmup", warmup);
        return m;
    }

    @Override
    Map<String, Object> run(Stack stack, Fleet fleet, InetSocketAddress server, ServerProcess child,
                            Progress progress, Report report) throws Exception {
        int c = concurrency(64);
        long timeout = options.handshakeTimeout.toMillis() + 30_000L + associations * 20L;
        if (warmup > 0) {
            Establisher.run(fleet, server, warmup, c, false, i -> () -> { }, timeout, progress,
                    stack.label() + ": warm-up");
        }
        CpuMeter cpu = meter(child).start();
        Establisher.Outcome o = Establisher.run(fleet, server, associations, c, false, i -> () -> { }, timeout,
                progress, stack.label() + ": handshakes");
        cpu.stop();
        if (o.firstFailure() != null) {
            report.note(stack.label() + ": first failure: " + o.firstFailure());
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("handshakesPerSecond", o.perSecond());
        // The server's own count over the same window: the server-side rate under this client's load.
        f.put("serverHandshakesPerSecond", cpu.serverHandshakesPerSecond());
        f.putAll(latency("latency", o.latency()));
        // Little's law: the concurrency really reached (at most C; lower if the client cannot keep up).
        f.put("meanInFlight", o.meanInFlight());
        // CPU per handshake holds up on a shared machine where rates move with the neighbours' load.
        cpu.put(f, "Handshake", o.established());
        f.put("retransmissions", o.retransmissions());
        f.put("established", (long) o.established());
        f.put("failures", (long) o.failed());
        f.put("elapsedSeconds", o.elapsedNanos() / 1e9);
        return f;
    }
}
