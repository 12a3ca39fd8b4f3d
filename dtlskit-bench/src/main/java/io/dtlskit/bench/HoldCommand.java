package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bench hold}: establish N associations, keep them all, and measure what holding them costs on
 * each side: heap per association after a full GC, platform threads, file descriptors.
 */
@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Establish N associations and hold them idle. Reports time to establish, heap per "
                + "association after a full GC on each side, platform threads, file descriptors.")
final class HoldCommand extends Scenario {
    /** Scandium needs a connector per simulated client, each with its own receiver and timer threads. */
    static final int CALIFORNIUM_HOLD_LIMIT = 2_000;

    @Option(names = {"-n", "--associations"}, paramLabel = "N", defaultValue = "10000",
            description = "Associations to establish and hold (default: ${DEFAULT-VALUE}).")
    int associations;

    @Option(names = "--hold-for", paramLabel = "DURATION", defaultValue = "0s",
            converter = BenchOptions.DurationConverter.class,
            description = "Keep the associations this long after measuring, e.g. to inspect both JVMs with jcmd "
                    + "(default: ${DEFAULT-VALUE}).")
    java.time.Duration holdFor;

    @Override
    int associations() {
        return associations;
    }

    @Override
    Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("associations", associations);
        m.put("concurrency", concurrency(256));
        return m;
    }

    @Override
    String skip(Stack stack) {
        if (stack == Stack.CALIFORNIUM && associations > CALIFORNIUM_HOLD_LIMIT) {
            return "a Scandium client connector per association costs 2+ platform threads each; "
                    + "limited to " + CALIFORNIUM_HOLD_LIMIT + " associations here";
        }
        return null;
    }

    @Override
    Map<String, Object> run(Stack stack, Fleet fleet, InetSocketAddress server, ServerProcess child,
                            Progress progress, Report report) throws Exception {
        progress.phase(stack.label() + ": measuring the empty heap", () -> "");
        long clientBefore = ProcessMetrics.heapAfterGc();
        Map<String, Object> serverBefore = child == null ? null : child.stats();
        Establisher.Outcome o = Establisher.run(fleet, server, associations, concurrency(256), true,
                i -> () -> { }, options.handshakeTimeout.toMillis() + 60_000L + associations * 10L, progress,
                stack.label() + ": establishing");
        progress.phase(stack.label() + ": measuring the held heap", () -> "");
        long clientAfter = ProcessMetrics.heapAfterGc();
        Map<String, Object> serverAfter = child == null ? null : child.stats();
        int held = Math.max(1, o.established());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("established", (long) o.established());
        f.put("failures", (long) o.failed());
        f.put("establishSeconds", o.elapsedNanos() / 1e9);
        f.put("handshakesPerSecond", o.perSecond());
        f.putAll(Scenario.latency("latency", o.latency()));
        f.put("retransmissions", o.retransmissions());
        f.put("clientHeapPerAssociationBytes", (double) (clientAfter - clientBefore) / held);
        f.put("serverHeapPerAssociationBytes", serverAfter == null ? null
                : (double) (number(serverAfter, "heapUsedBytes") - number(serverBefore, "heapUsedBytes")) / held);
        f.put("clientPlatformThreads", (long) ProcessMetrics.platformThreads());
        f.put("serverPlatformThreads", serverAfter == null ? null : number(serverAfter, "platformThreads"));
        f.put("clientFileDescriptors", (long) ProcessMetrics.fileDescriptors());
        f.put("serverFileDescriptors", serverAfter == null ? null : number(serverAfter, "fileDescriptors"));
        long serverHeld = serverAfter == null ? -1 : number(serverAfter, "associations");
        f.put("serverAssociations", serverHeld < 0 ? null : serverHeld); // Scandium does not say
        if (o.firstFailure() != null) {
            report.note(stack.label() + ": first failure: " + o.firstFailure());
        }
        if (!holdFor.isZero()) {
            progress.phase(stack.label() + ": holding (client pid " + ProcessHandle.current().pid()
                    + (child == null ? "" : ", server pid " + child.pid()) + ")", () -> "");
            Thread.sleep(holdFor.toMillis());
        }
        progress.phase(stack.label() + ": closing " + o.established() + " associations", () -> "");
        return f;
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }
}
