package io.dtlskit.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ServiceLoader;

/**
 * {@code dtlskit}: the command line. With no arguments it runs the demo. Exit codes: 0 success,
 * 1 the work failed (the reason is printed), 2 bad command-line input (one line, no stack trace),
 * 130 interrupted (Ctrl-C).
 */
@Command(name = "dtlskit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "DTLS 1.2 client toolkit (PSK, certificates, raw public keys): associations, a companion server, a demo.",
        subcommands = {DemoCommand.class, ClientCommand.class, ServerCommand.class, ProbeCommand.class, CertsCommand.class,
                io.dtlskit.app.gui.GuiCommand.class, TestCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** Ctrl-C: 128 + SIGINT, as shells report it. */
    public static final int EXIT_INTERRUPTED = 130;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /** Runs the command line with the given streams, {@code in} as standard input; returns the exit code. */
    public static int run(String[] args, java.io.InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        ((ClientCommand) cli.getSubcommands().get("client").getCommand()).input = in;
        if (args.length == 0) {
            args = new String[] {"demo"};
        }
        if (args[0].equals("bench") && !cli.getSubcommands().containsKey("bench")) {
            err.println("dtlskit: bench is not in this jar (it ships apart, with its dependencies); "
                    + "run ./dtlskit bench, or java -jar dtlskit-bench/target/dtlskit-bench.jar bench");
            return EXIT_USAGE;
        }
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class)) {
            cli.addSubcommand(plugin.command());
        }
        cli.setExpandAtFiles(false); // `--send @FILE` is ours: picocli would read FILE as more arguments
        cli.setOut(out);
        cli.setErr(err);
        Options.registerNumbers(cli);
        cli.setExecutionStrategy(Main::execute);
        // `dtlskit client --version` says the same as `dtlskit --version`.
        Version version = new Version();
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("dtlskit: " + e.getMessage());
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof IllegalArgumentException) {
                err.println("dtlskit: " + e.getMessage());
                return EXIT_USAGE;
            }
            err.println("dtlskit: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return EXIT_FAILED;
        });
        return cli;
    }

    /**
     * A command that only groups subcommands ({@code dtlskit bench}), run without one, is a usage
     * error: its usage on standard error and exit 2, not a silent success.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine cmd = last.commandSpec().commandLine();
        boolean helpAsked = cmd.isUsageHelpRequested() || cmd.isVersionHelpRequested();
        boolean groupOnly = !cmd.getSubcommands().isEmpty() && last != parsed && !helpAsked;
        if (groupOnly) {
            cmd.getErr().println("dtlskit: '" + cmd.getCommandName() + "' needs a subcommand: "
                    + String.join(", ", cmd.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
            cmd.usage(cmd.getErr());
            cmd.getErr().flush();
            return EXIT_USAGE;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    @Override
    public void run() {
        // `dtlskit` alone is mapped to `dtlskit demo` in run(); reaching here means e.g. `dtlskit --`.
        new CommandLine(this).usage(System.out);
    }

    /** Bad input found after parsing (unreadable key file, unresolvable host): exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** {@code dtlskit 0.1.0 (Bouncy Castle 1.84, Java 25)}: the versions that decide behaviour on the wire. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dtlskit " + dtlskitVersion() + " (Bouncy Castle " + bouncyCastleVersion()
                    + ", Java " + Runtime.version() + ")"};
        }

        static String dtlskitVersion() {
            java.util.Properties p = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("/dtlskit-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException ignored) {
                // reported as unknown below
            }
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.startsWith("$") ? "(unknown version)" : v;
        }

        static String bouncyCastleVersion() {
            // The provider's version is compiled into it; the shaded jar has no BC manifest to read.
            return new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr();
        }
    }
}
