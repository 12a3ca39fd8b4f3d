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

    @Option(names = "--resume",
            description = "After the full handshakes, measure abbreviated ones in the same run (RFC 5246 §7.3): "
                    + "dtlskit opens new associations (sockets) that resume from the client's session cache; "
                    + "Californium reuses a connector and forces resumption of its session.")
    boolean resume;

    @Override
    boolean resume() {
        return resume;
    }

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
        m.put("resume", resume);
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
        Map<String, Object> f = new LinkedHashMap<>();
        measure(fleet, server, child, c, timeout, progress, report, stack.label() + ": handshakes", "", f);
        if (resume) {
            // The same run, the same server: now every association resumes a session (RFC 5246 §7.3).
            Fleet resuming = new Fleet() {
                @Override
                public Peer open(int index, InetSocketAddress to, Runnable onReply) {
                    return fleet.openResuming(index, to, onReply);
                }

                @Override
                public void close() {
                }
            };
            // Provides the sessions (a full handshake per concurrent slot), then warms the abbreviated path.
            Establisher.run(resuming, server, Math.max(warmup, c), c, false, i -> () -> { }, timeout, progress,
                    stack.label() + ": resumption warm-up");
            long before = fleet.resumed();
            measure(resuming, server, child, c, timeout, progress, report, stack.label() + ": resumed handshakes",
                    "resumed", f);
            long after = fleet.resumed();
            f.put("resumedOfMeasured", before < 0 ? -1L : after - before);
        }
        return f;
    }

    /** One measured phase; figure names get {@code prefix} (e.g. resumedHandshakesPerSecond). */
    private void measure(Fleet fleet, InetSocketAddress server, ServerProcess child, int c, long timeout,
                         Progress progress, Report report, String phase, String prefix, Map<String, Object> f)
            throws Exception {
        CpuMeter cpu = meter(child).start();
        Establisher.Outcome o = Establisher.run(fleet, server, associations, c, false, i -> () -> { }, timeout,
                progress, phase);
        cpu.stop();
        if (o.firstFailure() != null) {
            report.note(phase + ": first failure: " + o.firstFailure());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("handshakesPerSecond", o.perSecond());
        // The server's own count over the same window: the server-side rate under this client's load.
        m.put("serverHandshakesPerSecond", cpu.serverHandshakesPerSecond());
        m.putAll(latency("latency", o.latency()));
        // Little's law: the concurrency really reached (at most C; lower if the client cannot keep up).
        m.put("meanInFlight", o.meanInFlight());
        // CPU per handshake holds up on a shared machine where rates move with the neighbours' load.
        cpu.put(m, "Handshake", o.established());
        cpu.putDatagrams(m, "Handshake", o.established());
        m.put("retransmissions", o.retransmissions());
        m.put("established", (long) o.established());
        m.put("failures", (long) o.failed());
        m.put("elapsedSeconds", o.elapsedNanos() / 1e9);
        for (var e : m.entrySet()) {
            String k = e.getKey();
            f.put(prefix.isEmpty() ? k : prefix + Character.toUpperCase(k.charAt(0)) + k.substring(1), e.getValue());
        }
    }
}
