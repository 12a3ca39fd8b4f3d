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
    private final Options.Output options;

    Output(PrintWriter out, Options.Output options) {
        this.options = options;
        boolean interactive = !options.json && System.console() != null;
        this.terminal = new Terminal(out, interactive);
        if (options.json) {
            json = new JsonPrinter(terminal);
            associations = json;
            server = json;
        } else {
            json = null;
            ConsolePrinter printer = new ConsolePrinter(terminal, options.useColor(), options.verbose, "");
            associations = printer;
            server = printer;
        }
    }

    /** Server events with a {@code [server] } prefix in human output, for the demo's shared screen. */
    ServerListener prefixedServer() {
        return json != null ? json : new ConsolePrinter(terminal, options.useColor(), options.verbose, "[server] ");
    }

    void summary(List<Summary.Outcome> outcomes) {
        if (json != null) {
            java.time.Instant now = java.time.Instant.now();
            for (Summary.Outcome o : outcomes) {
                json.object(Summary.json(o, now));
            }
            json.object(Summary.jsonOverall(outcomes, now));
        } else {
            terminal.println(Summary.table(outcomes));
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

    @Override
    public void close() {
        terminal.close();
    }
}
