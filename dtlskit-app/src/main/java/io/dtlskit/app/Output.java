package io.dtlskit.app;

import io.dtlskit.AssociationListener;
import io.dtlskit.AssociationStats;
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

    void summary(List<AssociationStats> stats) {
        summary(stats, Map.of());
    }

    /** With the peers' identities: a "peer" column (certificate subject or key) when any is not a PSK hint. */
    void summary(List<AssociationStats> stats, Map<String, io.dtlskit.PeerIdentity> peers) {
        if (json != null) {
            for (AssociationStats s : stats) {
                Map<String, Object> m = Summary.json(s);
                io.dtlskit.PeerIdentity p = peers.get(s.association());
                if (p != null) {
                    m.put("peer", PeerFields.of(p));
                }
                json.object(m);
            }
        } else {
            boolean certificates = peers.values().stream().anyMatch(p -> !(p instanceof io.dtlskit.PeerIdentity.Psk));
            terminal.println(certificates ? Summary.table(stats, peers) : Summary.table(stats));
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
