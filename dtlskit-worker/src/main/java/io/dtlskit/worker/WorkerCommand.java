package io.dtlskit.worker;

import io.dtlskit.CipherSuite;
import io.dtlskit.PskKey;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code dtlskit bench worker}: joins a Locust master as a worker whose users are DTLS devices.
 * Exit code 0 when the master ended the run (quit) or Ctrl-C did, 1 when the worker gave up on the
 * master, 2 for bad input.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join a Locust master (locust --master) as a worker whose users are DTLS devices: each "
                + "full handshake and each echo round trip is a request (type DTLS, names 'handshake' and 'echo') in "
                + "the master's statistics, web UI and CSV.",
                "The master's locustfile needs one User class; its name is only a label (see "
                + "dtlskit-worker/locustfile.py)."})
public final class WorkerCommand implements Callable<Integer> {
    static final int DEFAULT_MASTER_PORT = 5557; // Locust's --master-bind-port default

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", required = true, paramLabel = "HOST[:PORT]",
            description = "The Locust master (port default " + DEFAULT_MASTER_PORT + ").")
    String master;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "The DTLS server to load.")
    String server;

    @Option(names = "--local-address", paramLabel = "ADDRESS",
            description = "Source address of the users' sockets (default: any). Each address has its own ephemeral "
                    + "ports, so several workers on one host each take one.")
    String localAddress;

    @Option(names = "--psk-identity", paramLabel = "PREFIX", defaultValue = "device-",
            description = "Each user's PSK identity is PREFIX<worker index>-<user number> (default: ${DEFAULT-VALUE}).")
    String identityPrefix;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    KeySource key;

    static final class KeySource {
        @Option(names = "--psk-key", paramLabel = "HEX",
                description = "PSK key as hex (visible to other local users: prefer --psk-key-file or --psk-key-env).")
        String hex;

        @Option(names = "--psk-key-file", paramLabel = "FILE", description = "File holding the PSK key as hex.")
        Path file;

        @Option(names = "--psk-key-env", paramLabel = "VAR", description = "Environment variable holding the PSK key as hex.")
        String env;
    }

    @Option(names = "--suite", paramLabel = "SUITE", description = "Offer this cipher suite (repeatable; default: all PSK suites dtlskit has).")
    List<String> suites = new ArrayList<>();

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "A handshake not done after this is a failure (default: ${DEFAULT-VALUE}).")
    String handshakeTimeout;

    @Option(names = "--echo-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "Pause before each echo (default: ${DEFAULT-VALUE}).")
    String echoInterval;

    @Option(names = "--echo-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "An echo without reply after this is a failure (default: ${DEFAULT-VALUE}).")
    String echoTimeout;

    @Option(names = "--echoes-per-association", paramLabel = "N", defaultValue = "10",
            description = "Echoes before closing and handshaking again; 0 holds each association for the whole run "
                    + "(default: ${DEFAULT-VALUE}).")
    int echoes;

    @Option(names = "--resume", description = "Handshakes after a user's first resume its session (RFC 5246 §7.3), "
            + "reported as 'resumed handshake'.")
    boolean resume;

    @Option(names = "--cid", description = "Offer RFC 9146 Connection IDs.")
    boolean cid;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Give up when the master has not answered after this (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--master-lost-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Stop when the connection to the master has been down this long (default: ${DEFAULT-VALUE}).")
    String masterLostTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WorkerSettings.Builder builder = WorkerSettings.builder(address(master, DEFAULT_MASTER_PORT, "--master"),
                        address(server, -1, "--server"))
                .localAddress(localAddress == null ? null : host(localAddress, "--local-address"))
                .pskIdentityPrefix(identityPrefix)
                .suites(suites())
                .handshakeTimeout(duration(handshakeTimeout, "--handshake-timeout"))
                .echo(duration(echoInterval, "--echo-interval"), echoes)
                .echoTimeout(duration(echoTimeout, "--echo-timeout"))
                .connectTimeout(duration(connectTimeout, "--connect-timeout"))
                .masterLostTimeout(duration(masterLostTimeout, "--master-lost-timeout"))
                .resume(resume)
                .connectionId(cid);
        PskKey psk = key(err);
        WorkerSettings settings = (psk == null ? builder : builder.pskKey(psk)).build();
        LocustWorker worker = new LocustWorker(settings, line -> err.println("dtlskit worker: " + line));
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C (SIGINT/SIGTERM): leave the master properly (final report, quit) before the JVM exits.
        Thread hook = new Thread(() -> {
            worker.shutdown();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dtlskit-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        WorkerResult result;
        try {
            result = worker.run();
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it only waits for us
        }
        out.println("dtlskit worker: " + result.reason());
        result.requests().forEach((name, c) ->
                out.println("  " + name + ": " + c.requests() + " requests, " + c.failures() + " failed"));
        out.flush();
        if (!result.ok()) {
            err.println("dtlskit worker: " + result.reason());
        }
        return result.ok() ? 0 : 1;
    }

    private PskKey key(PrintWriter err) throws IOException {
        if (key == null) {
            return null; // the settings' default: Qt's example key
        }
        if (key.hex != null) {
            err.println("dtlskit: warning: --psk-key is visible to other local users (ps, shell history);"
                    + " prefer --psk-key-file FILE or --psk-key-env VAR");
            return PskKey.ofHex(key.hex);
        }
        if (key.file != null) {
            try {
                return PskKey.fromFile(key.file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the PSK key file " + key.file + ": " + e.getMessage());
            }
        }
        return PskKey.fromEnvironment(key.env);
    }

    private List<CipherSuite> suites() {
        if (suites.isEmpty()) {
            return CipherSuite.defaults();
        }
        List<CipherSuite> out = new ArrayList<>();
        for (String s : suites) {
            out.add(CipherSuite.parse(s));
        }
        return out;
    }

    /** {@code HOST:PORT}, {@code [v6]:PORT}, or {@code HOST} when a default port is given. */
    static InetSocketAddress address(String value, int defaultPort, String option) {
        String v = value.strip();
        String host = v;
        int port = defaultPort;
        int colon = v.lastIndexOf(':');
        boolean bareV6 = v.indexOf(':') != colon && !v.startsWith("[");
        if (colon > 0 && !bareV6 && !v.endsWith("]")) {
            host = v.substring(0, colon);
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": port is not a number in '" + value + "'");
            }
        }
        host = host.replace("[", "").replace("]", "");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(option + ": expected HOST:PORT with a port from 1 to 65535, got '"
                    + value + "'");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(option + ": no host in '" + value + "'");
        }
        return new InetSocketAddress(host(host, option), port);
    }

    static InetAddress host(String host, String option) {
        try {
            return InetAddress.getByName(host.strip().replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": unknown host '" + host + "'");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String value, String option) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            return Duration.parse(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": expected a duration like 500ms, 10s or 2m, got '" + value + "'");
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new WorkerCommand());
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("dtlskit: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(cli.execute(args));
    }
}
