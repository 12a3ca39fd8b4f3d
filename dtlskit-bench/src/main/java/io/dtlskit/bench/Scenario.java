package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
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

    /** The current run's name for its JFR files. */
    private String profileName = "run";

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

    /** Which client stack runs against which server stack. */
    record Pair(Stack client, Stack server) {
    }

    /** The runs of this invocation: by default dtlskit and then each baseline, each against itself. */
    java.util.List<Pair> pairs() {
        return options.stacks().stream().map(s -> new Pair(s, s)).toList();
    }

    /** A run's name in the report: the stack when it runs against itself, else "client -> server". */
    String label(Pair pair) {
        return pair.client() == pair.server() ? pair.client().label()
                : pair.client().label() + " -> " + pair.server().label();
    }

    /** After every run: derived figures or notes across runs. */
    void finish(Report report) {
    }

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
            for (Pair pair : pairs()) {
                String why = skip(pair.client());
                if (why != null) {
                    report.note(label(pair) + " skipped: " + why);
                    continue;
                }
                ProcessMetrics.heapAfterGc(); // leave the previous run's garbage behind
                boolean external = pair.server() == Stack.DTLSKIT && options.server != null;
                progress.phase(label(pair) + ": starting server", () -> "");
                ServerProcess child = external ? null
                        : ServerProcess.start(pair.server(), options.suite, serverCapacity(), options.serverJvmArgs);
                try (Fleet fleet = Fleet.create(pair.client(), settings)) {
                    InetSocketAddress server = external ? options.server : child.address();
                    profileName = label(pair).replace(" -> ", "-to-");
                    report.add(label(pair), run(pair.client(), fleet, server, child, progress, report));
                } finally {
                    if (child != null) {
                        child.close();
                    }
                }
            }
        }
        finish(report);
        if (options.jsonFile != null) {
            java.nio.file.Files.writeString(options.jsonFile, report.toJson() + System.lineSeparator());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? report.toJson() : report.toTable());
        out.flush();
        return 0;
    }

    /** A meter for the measured window of the current run (with its JFR recordings if --jfr). */
    CpuMeter meter(ServerProcess child) {
        return new CpuMeter(child, options.jfr == null ? null : options.jfr.resolve(profileName));
    }

    /**
     * CPU used by this process and the server child between {@link #start} and {@link #stop}; with a
     * profile prefix, a JFR recording of the same window in each ({@code <prefix>-client.jfr},
     * {@code <prefix>-server.jfr}).
     */
    static final class CpuMeter {
        private final ServerProcess child;
        private final Path profile;
        private Profiler profiler;
        private long client0;
        private long server0;
        private long handshakes0;
        private long datagrams0;
        /** Datagrams the server received and sent between start and stop, or -1 if it does not say. */
        long serverDatagrams = -1;
        private long wall0;
        long clientNanos;
        long serverNanos = -1;
        /** Handshakes the server completed between start and stop, or -1 if it does not say. */
        long serverHandshakes = -1;
        long wallNanos;

        CpuMeter(ServerProcess child, Path profile) {
            this.child = child;
            this.profile = profile;
        }

        CpuMeter start() throws java.io.IOException {
            if (profile != null) {
                profiler = Profiler.start(Path.of(profile + "-client.jfr"));
                if (child != null) {
                    child.jfrStart(Path.of(profile + "-server.jfr"));
                }
            }
            client0 = ProcessMetrics.cpuNanos();
            server0 = child == null ? -1 : child.cpuNanos();
            handshakes0 = child == null ? -1 : child.lastHandshakes();
            datagrams0 = child == null ? -1 : child.lastDatagrams();
            wall0 = System.nanoTime();
            return this;
        }

        void stop() throws java.io.IOException {
            wallNanos = System.nanoTime() - wall0;
            clientNanos = ProcessMetrics.cpuNanos() - client0;
            serverNanos = child == null ? -1 : child.cpuNanos() - server0;
            long h1 = child == null ? -1 : child.lastHandshakes();
            serverHandshakes = handshakes0 < 0 || h1 < 0 ? -1 : h1 - handshakes0;
            long d1 = child == null ? -1 : child.lastDatagrams();
            serverDatagrams = datagrams0 < 0 || d1 < 0 ? -1 : d1 - datagrams0;
            if (profiler != null) {
                profiler.close();
                if (child != null) {
                    child.jfrStop();
                }
            }
        }

        /** The server's own count of completed handshakes per second of the measured window, or null. */
        Double serverHandshakesPerSecond() {
            return serverHandshakes < 0 ? null : serverHandshakes / (wallNanos / 1e9);
        }

        /**
         * Adds the server's datagrams (received + sent) per unit of work and its CPU per datagram: the
         * same unit for every stack, so plain UDP's figure is the floor a datagram costs on this machine.
         */
        void putDatagrams(Map<String, Object> figures, String name, long units) {
            figures.put("serverDatagramsPer" + name, serverDatagrams < 0 ? null : (double) serverDatagrams / Math.max(1, units));
            figures.put("serverCpuUsPerDatagram", serverDatagrams <= 0 || serverNanos < 0 ? null
                    : serverNanos / 1e3 / serverDatagrams);
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

    /** Nanosecond durations, 3 significant digits, recorded from any thread without locks. */
    static AbstractHistogram histogram() {
        return new ConcurrentHistogram(3);
    }

    static Map<String, Object> latency(String prefix, AbstractHistogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "P50Ms", millis(h.getValueAtPercentile(50)));
        m.put(prefix + "P90Ms", millis(h.getValueAtPercentile(90)));
        m.put(prefix + "P99Ms", millis(h.getValueAtPercentile(99)));
        m.put(prefix + "MaxMs", millis(h.getMaxValue()));
        return m;
    }
}
