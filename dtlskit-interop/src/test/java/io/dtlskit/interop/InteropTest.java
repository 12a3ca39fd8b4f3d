package io.dtlskit.interop;

import io.dtlskit.testing.Qt;
import io.dtlskit.AlertException;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeResult;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.interop.Matrix.Cell;
import io.dtlskit.interop.Matrix.Result;
import io.dtlskit.interop.PeerServer.Expected;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interoperability matrix (issue 5): one scenario, pluggable peers, every cell a real peer
 * process (or Scandium in-process) on 127.0.0.1. At the end the run writes docs/interop.md from
 * what it measured. Every failure names the peer, the direction and the suite.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InteropTest {
    static final List<CipherSuite> SUITES = List.of(
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);
    static final List<String> PEERS = List.of("OpenSSL", "GnuTLS", "mbedTLS", "Scandium");
    /** {@code -DargLine=-Dinterop.peers=mbedTLS,Scandium} runs only those peers (the rest show "not run"). */
    static final List<String> SELECTED = System.getProperty("interop.peers", "").isBlank() ? PEERS
            : List.of(System.getProperty("interop.peers").split(","));
    static final Duration NEGATIVE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    static final String COMMAND = "scripts/install-interop-peers.sh (as root) && mvn -B -pl dtlskit-interop -am verify";

    static final Matrix MATRIX = new Matrix();
    static long startNanos;

    static PeerServer server(String peer) {
        return switch (peer) {
            case "OpenSSL" -> new OpenSslServer();
            case "GnuTLS" -> new GnuTlsServer();
            case "mbedTLS" -> new MbedTlsServer();
            case "Scandium" -> new ScandiumServer();
            default -> throw new IllegalArgumentException(peer);
        };
    }

    static PeerClient client(String peer) {
        return switch (peer) {
            case "OpenSSL" -> new OpenSslClient();
            case "GnuTLS" -> new GnuTlsClient();
            case "mbedTLS" -> new MbedTlsClient();
            case "Scandium" -> new ScandiumClient();
            default -> throw new IllegalArgumentException(peer);
        };
    }

    static Stream<Arguments> cells() {
        return SELECTED.stream().flatMap(p -> SUITES.stream().map(s -> Arguments.of(p, s)));
    }

    static Stream<Arguments> negativeCells() {
        return SELECTED.stream().flatMap(p -> Stream.of(Arguments.of(p, "wrong key"), Arguments.of(p, "unknown identity")));
    }

    @BeforeAll
    static void startClock() {
        startNanos = System.nanoTime();
    }

    /** Every peer process is killed by its own handle when its cell ends: none may outlive it. */
    @AfterEach
    void noPeerProcessLeft() throws Exception {
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                String what = child.info().commandLine().orElse("pid " + child.pid());
                child.destroyForcibly();
                throw new AssertionError("a peer process outlived its test: " + what);
            }
        }
    }

    // ------------------------------------------------------------------ dtlskit client -> peer server

    @Order(1)
    @ParameterizedTest(name = "{0} server <- dtlskit client, {1}")
    @MethodSource("cells")
    void dtlskitClientToPeerServer(String peer, CipherSuite suite) throws Throwable {
        String where = peer + " server <- dtlskit client, " + suite;
        try (PeerServer server = server(peer)) {
            if (recordNa(server.unsupported(suite), peer, Matrix.CLIENT_TO_PEER, suite)) {
                return;
            }
            runCell(where, peer, Matrix.CLIENT_TO_PEER, suite.name(), () -> clientScenario(server, suite));
        }
    }

    private static String clientScenario(PeerServer server, CipherSuite suite) throws Exception {
        var address = server.start(suite);
        RecordingListener events = new RecordingListener();
        try (DtlsClient client = Qt.client().pskKey(PskKey.ofHex(Peers.KEY_HEX))
                .cipherSuites(List.of(suite)).keepAlive(Qt.PINGER, Duration.ofMillis(100)).maxPings(3)
                .handshakeTimeout(Peers.STEP).build()) {
            DtlsAssociation a = client.association(address).name(Peers.IDENTITY).pskIdentity(Peers.IDENTITY)
                    .listener(events).connect();
            HandshakeResult result = handshake(a, events);
            assertThat(result.cipherSuite()).as("negotiated suite").isEqualTo(suite.name());

            List<String> pings = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                long number = n;
                var sent = (AssociationEvent.PingSent) events.await(
                        e -> e instanceof AssociationEvent.PingSent p && p.number() == number, Peers.STEP, "ping " + n + " sent");
                pings.add(sent.text());
                server.awaitReceived(sent.text(), Peers.STEP);
            }
            // One reply at a time: OpenSSL sends each stdin read as one record, so lines written
            // together could arrive as one record.
            for (int n = 0; n < 3; n++) {
                Expected expected = server.reply(n, pings.get(n));
                List<AssociationEvent> replies = events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse,
                        n + 1, Peers.STEP, "reply " + n + " from the peer");
                String got = ((AssociationEvent.ServerResponse) replies.get(n)).plaintextText();
                if (!expected.test().test(got)) {
                    throw new AssertionError("reply " + n + " was '" + got.strip() + "', expected " + expected.description());
                }
            }

            a.close(); // close_notify
            assertThat(a.terminated().get(Peers.STEP.toSeconds(), TimeUnit.SECONDS)).as("final state")
                    .isEqualTo(AssociationState.CLOSED);
            server.awaitClosed(Peers.STEP);
            return result.elapsed().toMillis() + " ms";
        }
    }

    private static HandshakeResult handshake(DtlsAssociation a, RecordingListener events) throws Exception {
        try {
            return a.handshake().get(Peers.STEP.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("handshake failed: " + e.getCause().getMessage() + "; events:\n"
                    + String.join("\n", events.qtMessages(a.name())), e.getCause());
        }
    }

    // ------------------------------------------------------------------ peer client -> dtlskit server

    @Order(2)
    @ParameterizedTest(name = "{0} client -> dtlskit server, {1}")
    @MethodSource("cells")
    void peerClientToDtlskitServer(String peer, CipherSuite suite) throws Throwable {
        String where = peer + " client -> dtlskit server, " + suite;
        try (PeerClient client = client(peer)) {
            if (recordNa(client.unsupported(suite), peer, Matrix.PEER_TO_SERVER, suite)) {
                return;
            }
            var crash = client.crashesAfterHandshake(suite);
            if (crash.isPresent()) {
                runCell(where, peer, Matrix.PEER_TO_SERVER, suite.name(), () -> crashScenario(client, suite));
                return;
            }
            runCell(where, peer, Matrix.PEER_TO_SERVER, suite.name(), () -> serverScenario(client, suite));
        }
    }

    private static String serverScenario(PeerClient client, CipherSuite suite) throws Exception {
        RecordingServerListener events = new RecordingServerListener();
        try (DtlsServer server = Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(Peers.KEY_HEX))
                .identityHint(Peers.HINT).cipherSuites(List.of(suite)).handshakeTimeout(Peers.STEP)
                .listener(events).start()) {
            client.start(server.localAddress(), suite);
            ServerEvent.PeerEncrypted encrypted = null;
            for (int n = 0; n < 3; n++) {
                Expected expected = client.sendPing(n);
                if (encrypted == null) {
                    encrypted = (ServerEvent.PeerEncrypted) events.await(e -> e instanceof ServerEvent.PeerEncrypted,
                            Peers.STEP, "the peer's handshake at our server");
                    assertThat(encrypted.cipherSuite()).as("negotiated suite").isEqualTo(suite.name());
                }
                List<ServerEvent> got = events.awaitCount(e -> e instanceof ServerEvent.MessageReceived, n + 1,
                        Peers.STEP, "message " + n + " at our server");
                String text = ((ServerEvent.MessageReceived) got.get(n)).plaintextText();
                if (!expected.test().test(text)) {
                    throw new AssertionError("message " + n + " at our server was '" + text.strip() + "', expected "
                            + expected.description());
                }
                client.awaitReply(n, Peers.STEP);
            }
            client.closeNotify();
            ServerEvent.PeerClosed closed = (ServerEvent.PeerClosed) events.await(e -> e instanceof ServerEvent.PeerClosed,
                    Peers.STEP, "the peer's close_notify at our server");
            assertThat(closed.reason()).as("why our server forgot the peer").startsWith("shutdown alert received");
            return "";
        }
    }

    /**
     * A peer that crashes after the handshake: prove that claim (our server completes the handshake
     * with the suite, the peer then dies with its crash code) and record the cell as n/a.
     */
    private static String crashScenario(PeerClient client, CipherSuite suite) throws Exception {
        RecordingServerListener events = new RecordingServerListener();
        try (DtlsServer server = Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(Peers.KEY_HEX))
                .identityHint(Peers.HINT).cipherSuites(List.of(suite)).handshakeTimeout(Peers.STEP)
                .listener(events).start()) {
            client.start(server.localAddress(), suite);
            var encrypted = (ServerEvent.PeerEncrypted) events.await(e -> e instanceof ServerEvent.PeerEncrypted,
                    Peers.STEP, "the peer's handshake at our server");
            assertThat(encrypted.cipherSuite()).as("negotiated suite").isEqualTo(suite.name());
            int code = client.awaitExit(Peers.STEP);
            assertThat(code).as("the peer's exit code (its known crash)").isEqualTo(client.crashExitCode());
            throw new KnownPeerCrash(client.crashesAfterHandshake(suite).orElseThrow() + " (checked: our server "
                    + "completed the handshake with " + suite + ", then the peer exited with " + code + ")");
        }
    }

    /** Not a failure of dtlskit: the cell becomes n/a with this message. */
    static final class KnownPeerCrash extends Exception {
        KnownPeerCrash(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ negative rows

    @Order(3)
    @ParameterizedTest(name = "{0} server <- dtlskit client, {1}")
    @MethodSource("negativeCells")
    void negative(String peer, String kind) throws Throwable {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        String where = peer + " server <- dtlskit client, " + suite + ", " + kind;
        boolean wrongKey = kind.equals("wrong key");
        try (PeerServer server = server(peer)) {
            try {
                var address = server.start(suite);
                RecordingListener events = new RecordingListener();
                try (DtlsClient client = Qt.client()
                        .pskKey(PskKey.ofHex(wrongKey ? Peers.WRONG_KEY_HEX : Peers.KEY_HEX))
                        .cipherSuites(List.of(suite)).keepAlive(Qt.PINGER, Duration.ZERO)
                        .handshakeTimeout(NEGATIVE_HANDSHAKE_TIMEOUT).build()) {
                    String identity = wrongKey ? Peers.IDENTITY : Peers.UNKNOWN_IDENTITY;
                    long t0 = System.nanoTime();
                    DtlsAssociation a = client.association(address).name(Peers.IDENTITY).pskIdentity(identity)
                            .listener(events).connect();
                    if (!wrongKey && server.acceptsAnyIdentity().isPresent()) {
                        // Not an error for this peer: prove that claim rather than skip the row.
                        handshake(a, events);
                        server.awaitIdentityWarning(Peers.STEP);
                        MATRIX.add(new Cell("negative", peer, Matrix.CLIENT_TO_PEER, kind, Result.NA,
                                server.acceptsAnyIdentity().get() + ": the handshake completed (checked)"));
                        return;
                    }
                    Throwable failure;
                    try {
                        HandshakeResult r = a.handshake().get(NEGATIVE_HANDSHAKE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                        throw new AssertionError("handshake succeeded (" + r.cipherSuite() + ") with " + kind);
                    } catch (ExecutionException e) {
                        failure = e.getCause();
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    String detail;
                    if (failure instanceof AlertException alert) {
                        detail = (alert.receivedFromPeer() ? "peer's alert " : "our alert ") + alert.description()
                                + " after " + ms + " ms: \"" + alert.getMessage() + "\"";
                    } else if (failure instanceof HandshakeTimeoutException timeout) {
                        detail = "no alert from the peer; our handshake timeout after " + ms + " ms: \""
                                + timeout.getMessage() + "\"";
                    } else {
                        throw new AssertionError("unexpected failure type: " + failure, failure);
                    }
                    assertThat(failure.getMessage()).as("the error names the association").contains(Peers.IDENTITY);
                    assertThat(ms).as("fast: within the 3 s handshake timeout plus slack")
                            .isLessThan(NEGATIVE_HANDSHAKE_TIMEOUT.toMillis() + 2000);
                    assertThat(events.snapshot()).as("a Failed event").anyMatch(e -> e instanceof AssociationEvent.Failed);
                    MATRIX.add(new Cell("negative", peer, Matrix.CLIENT_TO_PEER, kind, Result.PASS, detail));
                }
            } catch (TestAbortedException e) {
                MATRIX.add(new Cell("negative", peer, Matrix.CLIENT_TO_PEER, kind, Result.NOT_RUN, e.getMessage()));
                throw e;
            } catch (Throwable e) {
                MATRIX.add(new Cell("negative", peer, Matrix.CLIENT_TO_PEER, kind, Result.FAIL, firstLine(e)));
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The other direction: a peer client with the wrong key against our server, which must report
     * the failed peer clearly and fast (3 s handshake timeout: the peer's Finished fails its MAC
     * and is dropped, RFC 6347 §4.1.2.7). Our server accepts any identity (the Qt example does),
     * so "unknown identity" has no server row.
     */
    @Order(3)
    @ParameterizedTest(name = "{0} client -> dtlskit server, wrong key")
    @MethodSource("peers")
    void negativeServer(String peer) throws Throwable {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        String kind = "wrong key";
        String where = peer + " client -> dtlskit server, " + suite + ", " + kind;
        RecordingServerListener events = new RecordingServerListener();
        try (PeerClient client = client(peer);
             DtlsServer server = Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(Peers.KEY_HEX))
                     .identityHint(Peers.HINT).cipherSuites(List.of(suite)).handshakeTimeout(NEGATIVE_HANDSHAKE_TIMEOUT)
                     .listener(events).start()) {
            try {
                client.start(server.localAddress(), suite, Peers.WRONG_KEY_HEX);
                if (peer.equals("Scandium")) {
                    client.sendPing(0); // Scandium's handshake starts with its first message
                }
                var hello = events.await(e -> e instanceof ServerEvent.PeerVerified, Peers.STEP, "the peer's ClientHello");
                long t0 = System.nanoTime();
                var failed = (ServerEvent.PeerFailed) events.await(e -> e instanceof ServerEvent.PeerFailed,
                        NEGATIVE_HANDSHAKE_TIMEOUT.plus(Peers.STEP), "our server to report the failed handshake");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(events.snapshot()).as("no handshake completed").noneMatch(e -> e instanceof ServerEvent.PeerEncrypted);
                assertThat(failed.peer()).isEqualTo(hello.peer());
                assertThat(ms).as("fast: within the 3 s handshake timeout plus slack")
                        .isLessThan(NEGATIVE_HANDSHAKE_TIMEOUT.toMillis() + 2000);
                MATRIX.add(new Cell("negative", peer, Matrix.PEER_TO_SERVER, kind, Result.PASS,
                        failed.cause().getClass().getSimpleName() + " " + ms + " ms after the ClientHello: \""
                                + failed.message() + "\""));
            } catch (TestAbortedException e) {
                MATRIX.add(new Cell("negative", peer, Matrix.PEER_TO_SERVER, kind, Result.NOT_RUN, e.getMessage()));
                throw e;
            } catch (Throwable e) {
                MATRIX.add(new Cell("negative", peer, Matrix.PEER_TO_SERVER, kind, Result.FAIL, firstLine(e)));
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
        }
    }

    static Stream<String> peers() {
        return SELECTED.stream();
    }

    // ------------------------------------------------------------------ peers as their users run them

    static Stream<FieldRows.Row> fieldRows() {
        return FieldRows.all().stream().filter(r -> SELECTED.contains(r.peer()));
    }

    /** Issue 10: each peer with its defaults and field options against dtlskit's defaults (see {@link FieldRows}). */
    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldRows")
    void asUsersRunThem(FieldRows.Row row) {
        try {
            MATRIX.add(new Cell("field", row.peer(), row.direction(), row.command(), Result.PASS, row.scenario().run()));
        } catch (TestAbortedException e) {
            MATRIX.add(new Cell("field", row.peer(), row.direction(), row.command(), Result.NOT_RUN, e.getMessage()));
            throw e;
        } catch (Throwable e) {
            MATRIX.add(new Cell("field", row.peer(), row.direction(), row.command(), Result.FAIL, firstLine(e)));
            throw new AssertionError(row + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ key log

    @Order(5)
    @Test
    void keyLogOfOurClientDecryptsCapturedSession() throws Throwable {
        CipherSuite suite = CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256;
        String row = "dtlskit client (keyLog) ↔ OpenSSL s_server, " + suite;
        Path dir = Files.createTempDirectory("dtlskit-keylog");
        Path keyLog = dir.resolve("client.keylog");
        try (OpenSslServer server = new OpenSslServer()) {
            keyLogCell(row, () -> {
                var address = server.start(suite);
                try (Capture capture = Capture.start(address.getPort(), dir.resolve("client.pcapng"))) {
                    RecordingListener events = new RecordingListener();
                    try (DtlsClient client = Qt.client().pskKey(PskKey.ofHex(Peers.KEY_HEX))
                            .cipherSuites(List.of(suite)).keepAlive(Qt.PINGER, Duration.ofMillis(50)).maxPings(1)
                            .handshakeTimeout(Peers.STEP).keyLog(keyLog).build()) {
                        DtlsAssociation a = client.association(address).name(Peers.IDENTITY).listener(events).connect();
                        handshake(a, events);
                        var ping = (AssociationEvent.PingSent) events.await(e -> e instanceof AssociationEvent.PingSent,
                                Peers.STEP, "ping 0 sent");
                        server.awaitReceived(ping.text(), Peers.STEP);
                        a.close();
                        a.terminated().get(Peers.STEP.toSeconds(), TimeUnit.SECONDS);
                    }
                    capture.awaitPacket("Encrypted Alert", Peers.STEP); // our close_notify is in the file
                    capture.stop();
                    String keyLines = Files.readString(keyLog);
                    assertThat(keyLines).as("NSS key log").startsWith("CLIENT_RANDOM ");
                    List<String> texts = capture.decrypt(keyLog);
                    assertThat(texts).as("application data tshark decrypted with our key log")
                            .contains("I am " + Peers.IDENTITY + ", please, accept our ping 0");
                    return "tshark showed the ping text: \"I am " + Peers.IDENTITY + ", please, accept our ping 0\"";
                }
            });
        } finally {
            deleteTree(dir);
        }
    }

    @Order(6)
    @Test
    void keyLogOfOurServerDecryptsCapturedSession() throws Throwable {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        String row = "OpenSSL s_client ↔ dtlskit server (keyLog), " + suite;
        Path dir = Files.createTempDirectory("dtlskit-keylog");
        Path keyLog = dir.resolve("server.keylog");
        try (OpenSslClient peer = new OpenSslClient()) {
            keyLogCell(row, () -> {
                RecordingServerListener events = new RecordingServerListener();
                try (DtlsServer server = Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(Peers.KEY_HEX))
                        .cipherSuites(List.of(suite)).keyLog(keyLog).listener(events).start();
                     Capture capture = Capture.start(server.localAddress().getPort(), dir.resolve("server.pcapng"))) {
                    peer.start(server.localAddress(), suite);
                    Expected sent = peer.sendPing(0);
                    events.await(e -> e instanceof ServerEvent.MessageReceived m && sent.test().test(m.plaintextText()),
                            Peers.STEP, "the ping at our server");
                    peer.awaitReply(0, Peers.STEP);
                    peer.closeNotify();
                    events.await(e -> e instanceof ServerEvent.PeerClosed, Peers.STEP, "close_notify at our server");
                    capture.awaitPacket("Encrypted Alert", Peers.STEP); // the peer's close_notify is in the file
                    capture.stop();
                    assertThat(Files.readString(keyLog)).as("NSS key log").startsWith("CLIENT_RANDOM ");
                    List<String> texts = capture.decrypt(keyLog);
                    String ping = PeerClient.ping("openssl s_client", 0);
                    assertThat(texts).as("application data tshark decrypted with our key log")
                            .anyMatch(t -> t.startsWith(ping))
                            .anyMatch(t -> t.endsWith("): ACK"));
                    return "tshark showed \"" + ping + "\" and our \"to (127.0.0.1:…): ACK\"";
                }
            });
        } finally {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------ the matrix file

    /**
     * Writes the matrix to target/interop.md always, and to docs/interop.md only when the run
     * covered every cell (a run filtered to some peers, or with a peer missing locally, would
     * otherwise overwrite the published table with holes). A failing complete run is written too:
     * the table then shows the failure.
     */
    @AfterAll
    static void writeMatrix() throws Exception {
        if (MATRIX.cells().isEmpty()) {
            return;
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("OpenSSL", Peers.firstLine(List.of("openssl", "version")));
        versions.put("GnuTLS", Peers.find("gnutls-cli").map(p -> Peers.firstLine(List.of(p.toString(), "--version")))
                .orElse("not installed"));
        versions.put("mbedTLS", Peers.mbedTlsProgramsDir()
                .map(d -> d.getParent().getParent().getFileName().toString() + " (Debian source package, `make programs`)")
                .orElse("not built"));
        versions.put("Scandium", Scandium.version() + " (in-process DTLSConnector)");
        versions.put("tshark", Peers.find("tshark").map(p -> Peers.firstLine(List.of(p.toString(), "--version")))
                .orElse("not installed"));
        versions.put("dtlskit engine", "Bouncy Castle bctls " + System.getProperty("bouncycastle.version", "?") + ", Java "
                + System.getProperty("java.version"));
        String md = MATRIX.render(versions, COMMAND, Duration.ofNanos(System.nanoTime() - startNanos), PEERS,
                SUITES.stream().map(Enum::name).toList());
        String scratch = System.getProperty("interop.matrix.scratch", "target/interop.md");
        Matrix.write(Path.of(scratch), md);
        String file = System.getProperty("interop.matrix.file", "");
        int expected = PEERS.size() * SUITES.size() * 2 + PEERS.size() * 3 + 2 + FieldRows.all().size();
        if (!file.isBlank() && MATRIX.isComplete(expected)) {
            Matrix.write(Path.of(file), md);
        }
    }

    // ------------------------------------------------------------------ helpers

    interface Scenario {
        String run() throws Exception;
    }

    private static boolean recordNa(java.util.Optional<String> reason, String peer, String direction, CipherSuite suite) {
        if (reason.isEmpty()) {
            return false;
        }
        MATRIX.add(new Cell("suites", peer, direction, suite.name(), Result.NA, peer + ", " + suite + ": " + reason.get()));
        return true;
    }

    private static void runCell(String where, String peer, String direction, String row, Scenario scenario) {
        try {
            String detail = scenario.run();
            MATRIX.add(new Cell("suites", peer, direction, row, Result.PASS, detail));
        } catch (KnownPeerCrash e) {
            MATRIX.add(new Cell("suites", peer, direction, row, Result.NA, peer + ", " + direction + ": " + e.getMessage()));
        } catch (TestAbortedException e) {
            MATRIX.add(new Cell("suites", peer, direction, row, Result.NOT_RUN, e.getMessage()));
            throw e;
        } catch (Throwable e) {
            MATRIX.add(new Cell("suites", peer, direction, row, Result.FAIL, where + ": " + firstLine(e)));
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
    }

    private static void keyLogCell(String row, Scenario scenario) {
        try {
            MATRIX.add(new Cell("keylog", "tshark", "", row, Result.PASS, scenario.run()));
        } catch (TestAbortedException e) {
            MATRIX.add(new Cell("keylog", "tshark", "", row, Result.NOT_RUN, e.getMessage()));
            throw e;
        } catch (Throwable e) {
            MATRIX.add(new Cell("keylog", "tshark", "", row, Result.FAIL, firstLine(e)));
            throw new AssertionError(row + ": " + e.getMessage(), e);
        }
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Boolean.getBoolean("interop.keep")) { // -DargLine=-Dinterop.keep=true keeps capture and key log
            System.err.println("kept " + dir);
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
