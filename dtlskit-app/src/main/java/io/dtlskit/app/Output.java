package io.dtlskit.app;

import io.dtlskit.AssociationListener;
import io.dtlskit.ServerListener;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The chosen output of one command run: human (coloured, with a status line) or JSON lines. */
final class Output implements AutoCloseable {
    final Terminal terminal;
    final AssociationListener associations;
    final ServerListener server;
    private final JsonPrinter json;
    private final ConsolePrinter printer;
    private final Options.Output options;
    /** How often drops and repeated events are summarised. */
    static final java.time.Duration REPORT_PERIOD = java.time.Duration.ofSeconds(5);
    private java.util.concurrent.ScheduledExecutorService reports;
    private DropReporter drops;

    Output(PrintWriter out, Options.Output options) {
        this.options = options;
        boolean interactive = !options.json && System.console() != null;
        this.terminal = new Terminal(out, interactive);
        if (options.json) {
            json = new JsonPrinter(terminal);
            printer = null;
            associations = json;
            server = json;
        } else {
            json = null;
            printer = new ConsolePrinter(terminal, options.useColor(), options.verbose, "");
            associations = printer;
            server = printer;
        }
    }

    /** Server events with a {@code [server] } prefix in human output, for the demo's shared screen. */
    ServerListener prefixedServer() {
        return json != null ? json : new ConsolePrinter(terminal, options.useColor(), options.verbose, "[server] ");
    }

    void summary(List<Summary.Outcome> outcomes) {
        summary(outcomes, Map.of());
    }

    /** With the peers' identities: a "peer" column (certificate subject or key) when any is not a PSK hint. */
    void summary(List<Summary.Outcome> outcomes, Map<String, io.dtlskit.PeerIdentity> peers) {
        if (json != null) {
            java.time.Instant now = java.time.Instant.now();
            for (Summary.Outcome o : outcomes) {
                Map<String, Object> m = Summary.json(o, now);
                io.dtlskit.PeerIdentity p = peers.get(o.stats().association());
                if (p != null) {
                    m.put("peer", PeerFields.of(p));
                }
                json.object(m);
            }
            json.object(Summary.jsonOverall(outcomes, now));
        } else {
            boolean certificates = peers.values().stream().anyMatch(p -> !(p instanceof io.dtlskit.PeerIdentity.Psk));
            terminal.println(Summary.table(outcomes, certificates ? peers : null));
        }
    }

    /** A line for people (not printed in JSON mode). */
    void line(String text) {
        if (json == null) {
            terminal.println(text);
        }
    }

    /** An object for machines (JSON mode only). */
    void object(Map<String, ?> fields) {
        if (json != null) {
            json.object(fields);
        }
    }

    /**
     * Every {@link #REPORT_PERIOD}, and once more at the end, reports the datagrams dropped since the
     * last report and the cookie exchanges not shown one by one.
     */
    void startReports(java.util.function.Supplier<java.util.Map<io.dtlskit.DropReason, Long>> dropCounters) {
        drops = new DropReporter(dropCounters, REPORT_PERIOD);
        reports = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon(true).name("dtlskit-reports").factory());
        long ms = REPORT_PERIOD.toMillis();
        reports.scheduleAtFixedRate(this::report, ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            if (printer != null) {
                printer.flushRepeats(REPORT_PERIOD);
                drops.tick(printer::warning);
            } else {
                drops.tick(text -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("time", java.time.Instant.now());
                    m.put("level", "warning");
                    m.put("event", "DropSummary");
                    m.put("message", text);
                    json.object(m);
                });
            }
        } catch (RuntimeException e) {
            terminal.println("dtlskit: warning: drop report failed: " + e);
        }
    }

    /** Stops the reports; the last one covers what happened since the one before. */
    void stopReports() {
        if (reports != null) {
            reports.shutdownNow();
            try {
                reports.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reports = null;
            report();
        }
    }

    @Override
    public void close() {
        stopReports();
        terminal.close();
    }
}
