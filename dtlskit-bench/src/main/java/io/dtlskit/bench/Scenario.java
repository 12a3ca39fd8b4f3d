package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What every bench subcommand does: for dtlskit and then each baseline, start that stack's server in
 * a second JVM (unless {@code --server} names one for dtlskit), run the scenario with that stack's
 * client in this JVM, and collect the figures into one {@link Report}.
 */
abstract class Scenario implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    /** The scenario's own parameters, for the report. */
    abstract Map<String, Object> parameters();

    /** Largest number of associations the server must accept. */
    abstract int associations();

    /** Whether the clients resume sessions (only {@code handshakes --resume}). */
    boolean resume() {
        return false;
    }

    /**
     * Associations the server must be able to hold at once, with room to spare. Handshakes overrides
     * it: Scandium's server forgets a closed client's connection only when it goes stale, so it must
     * fit every handshake of the run.
     */
    int serverCapacity() {
        return associations() + 1_000;
    }

    /** Runs the scenario for one stack and returns its figures (numbers get ratios). */
    abstract Map<String, Object> run(Stack stack, Fleet fleet, InetSocketAddress server, ServerProcess child,
                                     Progress progress, Report report) throws Exception;

    /** A reason to skip this baseline, or null to run it. */
    String skip(Stack stack) {
        return null;
    }

    int concurrency(int fallback) {
        int c = options.concurrency != null ? options.concurrency : fallback;
        if (c < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, was " + c);
        }
        return c;
    }

    @Override
    public Integer call() throws Exception {
        // Quiet the baselines' loggers unless the user chose a level (slf4j-simple reads this once).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (associations() < 1) {
            throw new IllegalArgumentException("--associations must be at least 1, was " + associations());
        }
        Map<String, Object> params = new LinkedHashMap<>(parameters());
        params.put("suite", options.suite.name());
        params.put("server", options.server == null ? "embedded (second JVM)" : options.server.toString());
        Report report = new Report(spec.name(), params);
        Fleet.Settings settings = new Fleet.Settings(options.suite, options.handshakeTimeout, resume());
        try (Progress progress = new Progress(System.err, options.quiet)) {
            for (Stack stack : options.stacks()) {
                String why = skip(stack);
                if (why != null) {
                    report.note(stack.label() + " skipped: " + why);
                    continue;
                }
                ProcessMetrics.heapAfterGc(); // leave the previous stack's garbage behind
                boolean external = stack == Stack.DTLSKIT && options.server != null;
                progress.phase(stack.label() + ": starting server", () -> "");
                ServerProcess child = external ? null
                        : ServerProcess.start(stack, options.suite, serverCapacity(), options.serverJvmArgs);
                try (Fleet fleet = Fleet.create(stack, settings)) {
                    InetSocketAddress server = external ? options.server : child.address();
                    report.add(stack, run(stack, fleet, server, child, progress, report));
                } finally {
                    if (child != null) {
                        child.close();
                    }
                }
            }
        }
        if (options.jsonFile != null) {
            java.nio.file.Files.writeString(options.jsonFile, report.toJson() + System.lineSeparator());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? report.toJson() : report.toTable());
        out.flush();
        return 0;
    }

    /** CPU used by this process and the server child between {@link #start} and {@link #stop}. */
    static final class CpuMeter {
        private final ServerProcess child;
        private long client0;
        private long server0;
        long clientNanos;
        long serverNanos = -1;

        CpuMeter(ServerProcess child) {
            this.child = child;
        }

        CpuMeter start() throws java.io.IOException {
            client0 = ProcessMetrics.cpuNanos();
            server0 = child == null ? -1 : child.cpuNanos();
            return this;
        }

        void stop() throws java.io.IOException {
            clientNanos = ProcessMetrics.cpuNanos() - client0;
            serverNanos = child == null ? -1 : child.cpuNanos() - server0;
        }

        /** Adds {@code client<name>} and {@code server<name>}: CPU microseconds per unit of work. */
        void put(Map<String, Object> figures, String name, long units) {
            figures.put("clientCpuUsPer" + name, clientNanos / 1e3 / Math.max(1, units));
            figures.put("serverCpuUsPer" + name, serverNanos < 0 ? null : serverNanos / 1e3 / Math.max(1, units));
        }
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    static Map<String, Object> latency(String prefix, Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "P50Ms", millis(h.percentileNanos(0.50)));
        m.put(prefix + "P90Ms", millis(h.percentileNanos(0.90)));
        m.put(prefix + "P99Ms", millis(h.percentileNanos(0.99)));
        m.put(prefix + "MaxMs", millis(h.maxNanos()));
        return m;
    }
}
