package io.dtlskit.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code dtlskit bench}: measures dtlskit against an embedded server in a second JVM (or an external
 * one), side by side with plain UDP and Californium in the same invocation. It joins the CLI through
 * {@link BenchPlugin} (a {@code ServiceLoader} entry) when {@code dtlskit-bench.jar} is on the class path;
 * the launcher {@code ./dtlskit bench} runs that jar.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: handshake rate and latency, echo throughput, memory and threads per held "
                + "association, with plain-UDP and Californium baselines in the same run.",
        subcommands = {HandshakesCommand.class, PairsCommand.class, EchoCommand.class, HoldCommand.class,
                io.dtlskit.worker.WorkerCommand.class})
public final class BenchCommand implements Callable<Integer> {
    /** Bad command-line input, as everywhere in the CLI. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code bench} without a subcommand: the usage on stderr, exit 2 (a command is missing). */
    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        cli.getErr().println("dtlskit bench: which benchmark? (handshakes, pairs, echo, hold, worker)");
        cli.usage(cli.getErr());
        return EXIT_USAGE;
    }
}
