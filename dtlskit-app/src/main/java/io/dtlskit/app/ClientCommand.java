package io.dtlskit.app;

import io.dtlskit.CipherSuite;
import io.dtlskit.Credentials;
import io.dtlskit.DtlsClient;
import io.dtlskit.PskKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open DTLS associations to one or more servers and ping them, like Qt's DTLS client.",
                "Defaults are Qt's: key 1a2b3c4d5e6f, identity = association name, a ping every 5000 ms.",
                "With --ca/--insecure/--server-pubkey/--cert it offers certificate suites; PSK ones too only with a PSK option.",
                "With --pings N: exit 0 only if every association completed its handshake and got a reply.",
                "Without it: run until Ctrl-C, then close every association with close_notify."})
final class ClientCommand implements Callable<Integer> {
    /** Standard input, replaced by tests. */
    java.io.InputStream input = System.in;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", converter = Options.ServerAddressConverter.class,
            description = "Server address; repeat for several servers.")
    List<InetSocketAddress> servers;

    @Option(names = {"-n", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "Associations to each server (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--psk-identity", paramLabel = "ID",
            description = "PSK identity (default: each association's name, e.g. 'Alice (clone number 0)').")
    String identity;

    @Mixin
    Options.Psk psk;

    @Option(names = "--ping-interval", paramLabel = "DUR", defaultValue = "5000ms", converter = Options.DurationConverter.class,
            description = "Time between pings, Qt's 'I am <name>, please, accept our ping <n>' (default: ${DEFAULT-VALUE}, as Qt).")
    Duration pingInterval;

    @Option(names = "--send", paramLabel = "TEXT|@FILE",
            description = "Send TEXT (UTF-8), or the bytes of FILE, instead of Qt's ping text, on the ping schedule.")
    String send;

    @Option(names = "--stdin",
            description = "Like openssl s_client: each line of standard input goes out as one record, each record "
                    + "received is printed as one line; at end of input, wait (--reply-wait) for replies, close "
                    + "with close_notify and exit 0. One association; no pings.")
    boolean stdin;

    @Option(names = "--hex", description = "With --stdin: input lines and printed replies are hex.")
    boolean hex;

    @Option(names = "--reply-wait", paramLabel = "DUR", defaultValue = "2s", converter = Options.DurationConverter.class,
            description = "With --stdin: how long to wait for outstanding replies at end of input (default: ${DEFAULT-VALUE}).")
    Duration replyWait;

    @Option(names = "--pings", paramLabel = "N", description = "Send N pings per association, then exit.")
    Long pings;

    @Option(names = "--handshake-timeout", paramLabel = "DUR", defaultValue = "60s", converter = Options.DurationConverter.class,
            description = "Give up a handshake after this long (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--suite", paramLabel = "SUITE", converter = Options.SuiteConverter.class,
            description = "Cipher suite to offer (IANA or OpenSSL name); repeat for several, in preference order.")
    List<CipherSuite> suites;

    @Option(names = "--reconnect",
            description = "Handshake again, with backoff from 1 s doubling to 30 s, when the server is lost "
                    + "(close_notify, a failed handshake, or 3 pings in a row unanswered).")
    boolean reconnect;

    @Option(names = "--max-unanswered", paramLabel = "N", defaultValue = "0",
            description = "End an association as failed when its last N pings went unanswered (default: 0, never:"
                    + " without --reconnect the client keeps pinging and warns every 10 pings, at most every 30 s).")
    int maxUnanswered;

    @Option(names = "--max-unreachable", paramLabel = "N", defaultValue = "3",
            description = "Give a handshake up once N flights in a row got ICMP port unreachable: nothing listens"
                    + " there (default: ${DEFAULT-VALUE}; 0 waits for --handshake-timeout).")
    int maxUnreachable;

    @Option(names = "--cid",
            description = "Offer RFC 9146 Connection IDs: a server that agrees keeps the association when our "
                    + "address changes (NAT rebinding).")
    boolean cid;

    @Option(names = "--resume",
            description = "Session resumption: every later handshake to the same server and identity (reconnects "
                    + "included) tries an abbreviated one first and falls back to a full one.")
    boolean resume;

    @Option(names = "--rebind-every", paramLabel = "DUR", converter = Options.DurationConverter.class,
            description = "Move every encrypted association to a new local port this often, as a NAT rebinding "
                    + "would (shows what --cid keeps and what is lost without it).")
    Duration rebindEvery;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = Options.KEYLOG_HELP)
    Path keyLog;

    @Mixin
    AuthOptions.Client auth;

    @Mixin
    Options.Output outputOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (connections < 1 || connections > 100_000) {
            throw new Main.UsageException("--connections must be 1 to 100000, was " + connections);
        }
        if (pings != null && pings < 1) {
            throw new Main.UsageException("--pings must be at least 1, was " + pings);
        }
        Options.positive("--ping-interval", pingInterval);
        Options.positive("--handshake-timeout", handshakeTimeout);
        if (rebindEvery != null && (rebindEvery.isZero() || rebindEvery.isNegative())) {
            throw new Main.UsageException("--rebind-every must be positive");
        }
        if (stdin && (servers.size() != 1 || connections != 1 || send != null || pings != null)) {
            throw new Main.UsageException("--stdin takes one --server and no --connections, --send or --pings");
        }
        if (hex && !stdin) {
            throw new Main.UsageException("--hex goes with --stdin");
        }
        byte[] payload = send == null ? null : Options.payload(send);
        Options.checkKeyLog(keyLog);
        PskKey key = psk.key(err);
        // With certificate options, PSK suites are offered too only when a PSK option or identity is given.
        boolean withPsk = !auth.certificateMode() || psk.given() || identity != null;
        DtlsClient.Builder builder = (withPsk ? QtDefaults.client(key, pingInterval) : QtDefaults.client(pingInterval))
                .pskIdentity(identity)
                .onData((association, data) -> { }).maxPings(pings == null ? 0 : pings)
                .handshakeTimeout(handshakeTimeout).cipherSuites(Options.suitesOrDefault(suites)).keyLog(keyLog)
                .cid(cid).resume(resume);
        if (reconnect) {
            builder.reconnect(Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
        if (maxUnreachable < 0) {
            throw new Main.UsageException("--max-unreachable must be 0 (never) or more, was " + maxUnreachable);
        }
        builder.portUnreachableLimit(maxUnreachable);
        if (maxUnanswered < 0) {
            throw new Main.UsageException("--max-unanswered must be 0 (never) or more, was " + maxUnanswered);
        }
        if (auth.certificateMode()) {
            builder.serverVerifier(auth.verifier()).serverName(auth.serverName);
            Credentials own = auth.own();
            if (own != null) {
                builder.credentials(own);
            }
            if (auth.insecure) {
                err.println("dtlskit: WARNING: --insecure: the server's certificate is not verified; anyone on the path"
                        + " can impersonate it");
            }
        }
        if (payload != null) {
            builder.keepAlive((name, n) -> payload.clone(), pingInterval);
        }
        if (stdin) {
            builder.keepAlive(QtDefaults.PINGER, Duration.ZERO);
            // Data on standard output; the events, in human form, on standard error (JSON stays on stdout).
            try (Output output = new Output(outputOptions.json ? out : err, outputOptions);
                 DtlsClient client = builder.build()) {
                return new StdinSession(client, servers.getFirst(), output.associations, out, err, hex)
                        .run(new java.io.BufferedReader(new java.io.InputStreamReader(input, StandardCharsets.UTF_8)),
                                handshakeTimeout, replyWait);
            } finally {
                key.destroy();
            }
        }
        try (UntilInterrupted signal = new UntilInterrupted();
             Output output = new Output(out, outputOptions); DtlsClient client = builder.build();
             Rebinder rebinder = new Rebinder(rebindEvery)) {
            ClientRun run = new ClientRun(client, output.associations, pings == null ? 0 : pings, pingInterval,
                    maxUnanswered);
            run.open(servers, connections);
            rebinder.start(run::associations);
            output.terminal.startStatus(run::status);
            output.startReports(run::dropped);
            if (pings != null) {
                Duration max = handshakeTimeout.plus(pingInterval.multipliedBy(pings)).plusSeconds(5);
                run.awaitFinished(max, signal.stopped());
            } else {
                waitForInterruptOrEnd(run, signal);
            }
            if (signal.signalled()) {
                run.markInterrupted(); // close() below stops handshakes at once: no more retransmissions
            }
            client.shutdownAll();
            run.awaitTerminated(Duration.ofSeconds(5));
            output.stopReports();
            if (signal.signalled()) {
                output.terminal.finishStatus(); // the terminal echoed ^C onto the status line: end it there
            }
            output.summary(run.outcomes(), run.peers());
            String reason = run.failureReason();
            if (reason != null) {
                err.println("dtlskit: " + reason);
            }
            if (signal.signalled()) {
                return Main.EXIT_INTERRUPTED;
            }
            return reason == null ? Main.EXIT_OK : Main.EXIT_FAILED;
        } finally {
            key.destroy();
        }
    }

    /** Runs until Ctrl-C or until every association has ended. */
    private static void waitForInterruptOrEnd(ClientRun run, UntilInterrupted signal) throws InterruptedException {
        CompletableFuture.allOf(run.associations().stream().map(a -> a.terminated())
                .toArray(CompletableFuture[]::new)).thenRun(signal::stopNow);
        signal.await();
    }
}
