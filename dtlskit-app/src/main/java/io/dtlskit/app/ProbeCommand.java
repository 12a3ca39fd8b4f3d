package io.dtlskit.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dtlskit.PskKey;
import io.dtlskit.probe.Probe;
import io.dtlskit.probe.ProbeReport;
import io.dtlskit.probe.ProbeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scan a DTLS server: versions, cipher suites and order, authentication, cookies and "
                + "amplification, extensions, robustness; with a PSK identity also a full handshake.",
                "Exit 0: probed; 1: unreachable or no DTLS answer; 2: bad input."})
final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Options.AddressConverter.class,
            description = "The server to probe.")
    InetSocketAddress target;

    @Option(names = "--psk-identity", paramLabel = "ID",
            description = "PSK identity for a full handshake and the unknown-identity test (key: see --psk-key).")
    String identity;

    @Mixin
    Options.Psk psk;

    @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "1s", converter = Options.DurationConverter.class,
            description = "Wait for each answer (default: ${DEFAULT-VALUE}); raise it for distant servers.")
    Duration timeout;

    @Option(names = "--json", description = "The report as one JSON object (the same facts).")
    boolean json;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour output: auto, always or never (default: ${DEFAULT-VALUE}).")
    String color;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Options.Output colorOption = new Options.Output();
        colorOption.color = color;
        boolean useColor = colorOption.useColor();
        if (timeout.isZero() || timeout.toSeconds() > 60) {
            throw new Main.UsageException("--timeout must be between 1 ms and 60 s, was " + timeout.toMillis() + " ms");
        }
        PskKey key = null;
        if (identity != null) {
            key = psk.key(err);
        } else if (psk.source != null) {
            throw new Main.UsageException("a PSK key needs --psk-identity too");
        }
        boolean interactive = System.console() != null;
        Probe probe = Probe.builder().target(target).replyTimeout(timeout).psk(identity, key)
                .progress(step -> progress(err, interactive, step)).build();
        ProbeReport report = probe.run();
        if (interactive) {
            err.print("\r\033[2K");
            err.flush();
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            ProbeText.lines(report, useColor).forEach(out::println);
        }
        out.flush();
        if (!report.reachable()) {
            err.println("dtlskit: " + target.getHostString() + ":" + target.getPort()
                    + " gave no DTLS answer (unreachable, filtered, or not DTLS): check the address and port");
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }

    /** On a terminal the step rewrites one line; otherwise each step is a line on standard error. */
    private static void progress(PrintWriter err, boolean interactive, String step) {
        if (interactive) {
            err.print("\r\033[2Kprobing: " + step);
        } else {
            err.println("probing: " + step);
        }
        err.flush();
    }
}
