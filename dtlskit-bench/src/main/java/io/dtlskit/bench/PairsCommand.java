package io.dtlskit.bench;

import picocli.CommandLine.Command;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench pairs}: the handshake measure of {@code bench handshakes} for every client/server pair
 * of dtlskit and Californium Scandium, in one invocation: each against itself and each against the
 * other. A server claim then rests on the same client load: dtlskit's server and Scandium's are
 * compared under the dtlskit client, and again under the Scandium client.
 */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Handshakes for every client/server pair of dtlskit and Californium (cross pairs included), "
                + "with the server's CPU per handshake and its own handshake rate for each pair.")
final class PairsCommand extends HandshakesCommand {
    private static final List<Pair> PAIRS = List.of(
            new Pair(Stack.DTLSKIT, Stack.DTLSKIT),
            new Pair(Stack.DTLSKIT, Stack.CALIFORNIUM),
            new Pair(Stack.CALIFORNIUM, Stack.DTLSKIT),
            new Pair(Stack.CALIFORNIUM, Stack.CALIFORNIUM));

    @Override
    List<Pair> pairs() {
        if (!options.baselines.isEmpty() || options.server != null) {
            throw new IllegalArgumentException("pairs always runs dtlskit and californium against each other; "
                    + "--baseline and --server do not apply");
        }
        return PAIRS;
    }

    /** Always "client -> server", so no run is taken as the base of generic ratio columns. */
    @Override
    String label(Pair pair) {
        return pair.client().label() + " -> " + pair.server().label();
    }

    @Override
    void finish(Report report) {
        // Server against server under the same client: dtlskit's server / Scandium's.
        for (Stack client : List.of(Stack.DTLSKIT, Stack.CALIFORNIUM)) {
            Map<String, Object> ours = report.figures(client.label() + " -> dtlskit");
            Map<String, Object> theirs = report.figures(client.label() + " -> californium");
            if (ours == null || theirs == null) {
                continue;
            }
            report.note(String.format(Locale.ROOT, "under the %s client, dtlskit server / californium server: "
                            + "server CPU per handshake %s, server handshakes/s %s",
                    client.label(), ratio(ours, theirs, "serverCpuUsPerHandshake"),
                    ratio(ours, theirs, "serverHandshakesPerSecond")));
        }
    }

    private static String ratio(Map<String, Object> a, Map<String, Object> b, String key) {
        if (a.get(key) instanceof Number x && b.get(key) instanceof Number y && y.doubleValue() != 0) {
            return String.format(Locale.ROOT, "%.2fx", x.doubleValue() / y.doubleValue());
        }
        return "-";
    }
}
