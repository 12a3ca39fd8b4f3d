package io.dtlskit.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dtlskit bench}: measures dtlskit against an embedded server in a second JVM (or an external
 * one), side by side with plain UDP and Californium in the same invocation. The CLI registers this as
 * a subcommand; {@link #main} runs it on its own ({@code java -jar dtlskit-bench.jar}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: handshake rate and latency, echo throughput, memory and threads per held "
                + "association, with plain-UDP and Californium baselines in the same run.",
        subcommands = {HandshakesCommand.class, EchoCommand.class, HoldCommand.class,
                io.dtlskit.worker.WorkerCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
