package io.dtlskit.app;

import io.dtlskit.CipherSuite;
import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.PeerVerifier;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.PskStore;
import io.dtlskit.ServerHandler;
import io.dtlskit.ServerStats;
import io.dtlskit.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The companion DTLS server of Qt's example: replies 'to (addr:port): ACK' to every datagram.",
                "Defaults are Qt's: key 1a2b3c4d5e6f for every identity, its hint, port 22334, --reply ack.",
                "With --cert/--self-signed/--rpk it serves certificate suites; PSK suites as well only with a PSK option.",
                "Runs until Ctrl-C, then sends close_notify to every client."})
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:22334",
            converter = Options.AddressConverter.class,
            description = "Address and port to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0:22334 for all IPv4 interfaces).")
    InetSocketAddress bind;

    @Mixin
    Options.Psk psk;

    @Option(names = "--identity-hint", paramLabel = "TEXT", defaultValue = "Qt DTLS example server",
            description = "PSK identity hint sent to clients (default: ${DEFAULT-VALUE}).")
    String identityHint;

    @Option(names = "--reply", paramLabel = "ack|echo|none", defaultValue = "ack",
            description = "What to answer each record: 'ack' is Qt's 'to (<address>:<port>): ACK', 'echo' sends it "
                    + "back, 'none' stays silent (default: ${DEFAULT-VALUE}, as Qt).")
    String reply;

    @Option(names = "--psk-store", paramLabel = "FILE",
            description = "Keys by client identity, one 'identity:hexkey' per line; an unknown identity is refused "
                    + "with unknown_psk_identity. Without it every identity gets the one key (Qt's behaviour).")
    Path pskStore;

    @Option(names = "--handshake-timeout", paramLabel = "DUR", defaultValue = "60s", converter = Options.DurationConverter.class,
            description = "Drop a handshake that stalls this long (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DUR", defaultValue = "10m", converter = Options.DurationConverter.class,
            description = "Close an association silent this long (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--max-associations", paramLabel = "N", defaultValue = "100000",
            description = "Refuse new peers beyond this many associations (default: ${DEFAULT-VALUE}).")
    int maxAssociations;

    @Option(names = "--suite", paramLabel = "SUITE", converter = Options.SuiteConverter.class,
            description = "Cipher suite to accept; repeat for several, in preference order.")
    List<CipherSuite> suites;

    @Option(names = "--keylog", paramLabel = "FILE", description = Options.KEYLOG_HELP)
    Path keyLog;

    @Option(names = "--cid", paramLabel = "LENGTH", arity = "0..1", fallbackValue = "6",
            description = "Agree to RFC 9146 Connection IDs of LENGTH bytes (1-32, default 6): an association "
                    + "follows its client to a new address (NAT rebinding).")
    Integer cid;

    @Option(names = "--session-cache", paramLabel = "N", defaultValue = "10000",
            description = "Sessions kept for resumption, least recently used dropped first (default: ${DEFAULT-VALUE}).")
    int sessionCache;

    @Option(names = "--session-lifetime", paramLabel = "DUR", defaultValue = "1h", converter = Options.DurationConverter.class,
            description = "Refuse to resume sessions older than this (default: ${DEFAULT-VALUE}).")
    Duration sessionLifetime;

    @Option(names = "--no-resumption", description = "Give sessions no ID: every handshake is a full one.")
    boolean noResumption;

    @Mixin
    AuthOptions.Server auth;

    @Mixin
    Options.Output outputOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (identityHint.isEmpty()) {
            throw new Main.UsageException("--identity-hint must not be empty (GnuTLS clients crash on an empty hint)");
        }
        Options.positive("--handshake-timeout", handshakeTimeout);
        Options.positive("--idle-timeout", idleTimeout);
        if (maxAssociations < 1) {
            throw new Main.UsageException("--max-associations must be at least 1");
        }
        Options.checkKeyLog(keyLog);
        if (cid != null && (cid < 1 || cid > 32)) {
            throw new Main.UsageException("--cid LENGTH must be 1 to 32 bytes, was " + cid);
        }
        if (sessionCache < 1) {
            throw new Main.UsageException("--session-cache must be at least 1, was " + sessionCache);
        }
        if (sessionLifetime.isZero() || sessionLifetime.isNegative()) {
            throw new Main.UsageException("--session-lifetime must be positive");
        }
        ServerHandler handler = switch (reply) {
            case "ack" -> ServerHandler.ack();
            case "echo" -> ServerHandler.echo();
            case "none" -> ServerHandler.discard();
            default -> throw new Main.UsageException("--reply must be ack, echo or none, was '" + reply + "'");
        };
        PskStore store = pskStore == null ? null : Options.pskStore(pskStore);
        PskKey key = psk.key(err);
        Credentials own = auth.own();
        ClientAuth clientAuth = auth.clientAuthMode();
        PeerVerifier clientVerifier = auth.clientVerifier();
        if (own == null && clientAuth != ClientAuth.NONE) {
            throw new Main.UsageException("--client-ca/--trusted-keys need a server certificate or key"
                    + " (--cert/--key, --self-signed or --rpk)");
        }
        // With a certificate or raw key, PSK suites are offered too only when a PSK option is given.
        boolean withPsk = own == null || psk.given() || store != null;
        try (UntilInterrupted signal = new UntilInterrupted(); Output output = new Output(out, outputOptions)) {
            DtlsServer server;
            try {
                DtlsServer.Builder builder = (withPsk ? QtDefaults.server(key) : DtlsServer.builder())
                        .bind(bind).identityHint(identityHint).handler(handler);
                if (store != null) {
                    builder.pskStore(store);
                }
                if (own != null) {
                    builder.credentials(own).clientAuth(clientAuth, clientVerifier);
                    announce(own, output);
                }
                server = builder
                        .handshakeTimeout(handshakeTimeout).idleTimeout(idleTimeout).maxAssociations(maxAssociations)
                        .cipherSuites(Options.suitesOrDefault(suites)).keyLog(keyLog).cid(cid == null ? 0 : cid)
                        .resumption(!noResumption).sessionCache(sessionCache, sessionLifetime)
                        .listener(output.server).start();
            } catch (IOException e) {
                err.println("dtlskit: " + e.getMessage());
                return Main.EXIT_FAILED;
            }
            try {
                output.terminal.startStatus(() -> status(server));
                output.startReports(() -> server.stats().dropped());
                signal.await();
            } finally {
                server.close();
                output.stopReports();
                ServerStats s = server.stats();
                output.line("Server stopped: " + s.handshakesCompleted() + " handshake(s) completed, "
                        + s.handshakesFailed() + " failed, " + Drops.describe(s.droppedTotal(), s.dropped()));
                output.object(json(s));
            }
            return Main.EXIT_OK;
        } finally {
            key.destroy();
        }
    }

    /** Prints what clients must trust: the certificate's or raw key's SHA-256 fingerprint. */
    private static void announce(Credentials own, Output output) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "ServerCredentials");
        switch (own) {
            case Credentials.Certificate c -> {
                output.line("Serving certificate " + c.subject() + ", SHA-256 fingerprint " + c.fingerprint()
                        + " (raw public key " + c.publicKeyFingerprint() + ")");
                m.put("subject", c.subject());
                m.put("fingerprint", c.fingerprint());
                m.put("publicKey", c.publicKeyFingerprint());
            }
            case Credentials.RawPublicKey k -> {
                output.line("Serving raw public key " + k.fingerprint() + " (clients: --server-pubkey " + k.fingerprint() + ")");
                m.put("publicKey", k.fingerprint());
            }
            case Credentials.Psk p -> {
            }
        }
        output.object(m);
    }

    private String status(DtlsServer server) {
        ServerStats s = server.stats();
        return "listening on " + Endpoints.hostPort(server.localAddress()) + " | " + s.associations() + " peer(s), "
                + s.handshakesInProgress() + " handshaking | in " + s.datagramsReceived() + ", out " + s.datagramsSent()
                + ", dropped " + s.droppedTotal();
    }

    private static Map<String, Object> json(ServerStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", java.time.Instant.now());
        m.put("level", "info");
        m.put("event", "ServerSummary");
        m.put("handshakesCompleted", s.handshakesCompleted());
        m.put("handshakesFailed", s.handshakesFailed());
        m.put("helloVerifyRequestsSent", s.helloVerifyRequestsSent());
        m.put("datagramsReceived", s.datagramsReceived());
        m.put("datagramsSent", s.datagramsSent());
        m.put("dropped", s.dropped());
        return m;
    }
}
