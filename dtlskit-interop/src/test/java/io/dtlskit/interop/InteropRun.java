package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.HandshakeResult;
import io.dtlskit.interop.Matrix.Cell;
import io.dtlskit.interop.Matrix.Result;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.params.provider.Arguments;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interoperability matrix (issue 5), shared by its test classes, one per concern:
 * {@link ClientToPeerInteropTest} (dtlskit client to peer servers), {@link PeerToServerInteropTest} (peer
 * clients to the dtlskit server), {@link FieldInteropTest} (peers as their users run them) and
 * {@link KeyLogInteropTest} (tshark decrypts with our key log). Every cell is a real peer process (or
 * Scandium in-process) on 127.0.0.1, and every failure names the peer, the direction and the suite. The
 * end of each class rewrites target/interop.md; the class that completes the matrix writes
 * docs/interop.md, so the file shows what one run measured.
 */
final class InteropRun {
    static final List<CipherSuite> SUITES = List.of(
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);
    static final List<String> PEERS = List.of("OpenSSL", "GnuTLS", "mbedTLS", "Scandium", "wolfSSL");
    /** {@code -DargLine=-Dinterop.peers=mbedTLS,Scandium} runs only those peers (the rest show "not run"). */
    static final List<String> SELECTED = System.getProperty("interop.peers", "").isBlank() ? PEERS
            : List.of(System.getProperty("interop.peers").split(","));
    /**
     * The suite of the negative rows: TLS_PSK_WITH_AES_128_GCM_SHA256, except for a peer without it
     * (Debian's wolfSSL has no static-PSK AES suite), which gets the first matrix suite it has.
     */
    static CipherSuite negativeSuite(String peer) {
        CipherSuite gcm = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        if (!peer.equals("wolfSSL")) {
            return gcm;
        }
        WolfSslServer wolf = new WolfSslServer();
        return SUITES.stream().filter(s -> wolf.unsupported(s).isEmpty()).findFirst().orElse(gcm);
    }

    static final Duration NEGATIVE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    static final String COMMAND = "scripts/install-interop-peers.sh (as root) && mvn -B -pl dtlskit-interop -am verify";

    static final Matrix MATRIX = new Matrix();
    /** Time spent in the matrix classes so far (other classes of the module run in between). */
    private static final AtomicLong ELAPSED_NANOS = new AtomicLong();

    static PeerServer server(String peer) {
        return switch (peer) {
            case "OpenSSL" -> new OpenSslServer();
            case "GnuTLS" -> new GnuTlsServer();
            case "mbedTLS" -> new MbedTlsServer();
            case "Scandium" -> new ScandiumServer();
            case "wolfSSL" -> new WolfSslServer();
            default -> throw new IllegalArgumentException(peer);
        };
    }

    static PeerClient client(String peer) {
        return switch (peer) {
            case "OpenSSL" -> new OpenSslClient();
            case "GnuTLS" -> new GnuTlsClient();
            case "mbedTLS" -> new MbedTlsClient();
            case "Scandium" -> new ScandiumClient();
            case "wolfSSL" -> new WolfSslClient();
            default -> throw new IllegalArgumentException(peer);
        };
    }

    static Stream<Arguments> cells() {
        return SELECTED.stream().flatMap(p -> SUITES.stream().map(s -> Arguments.of(p, s)));
    }

    static Stream<Arguments> negativeCells() {
        return SELECTED.stream().flatMap(p -> Stream.of(Arguments.of(p, "wrong key"), Arguments.of(p, "unknown identity")));
    }

    private InteropRun() {
    }

    static Stream<String> peers() {
        return SELECTED.stream();
    }

    /** Every peer process is killed by its own handle when its cell ends: none may outlive it. */
    static void assertNoPeerProcessLeft() throws Exception {
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

    static HandshakeResult handshake(DtlsAssociation a, RecordingListener events) throws Exception {
        try {
            return a.handshake().get(Peers.STEP.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("handshake failed: " + e.getCause().getMessage() + "; events:\n"
                    + String.join("\n", events.qtMessages(a.name())), e.getCause());
        }
    }

    /** Not a failure of dtlskit: the cell becomes n/a with this message. */
    static final class KnownPeerCrash extends Exception {
        KnownPeerCrash(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ the matrix file

    /**
     * Called at the end of each matrix class. Writes the matrix to target/interop.md always, and to docs/interop.md only when the run
     * covered every cell (a run filtered to some peers, or with a peer missing locally, would
     * otherwise overwrite the published table with holes). A failing complete run is written too:
     * the table then shows the failure. Whichever class ends last completes the matrix, in any order.
     */
    static void classDone(long startNanos) throws Exception {
        ELAPSED_NANOS.addAndGet(System.nanoTime() - startNanos);
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
        versions.put("wolfSSL", WolfSsl.version());
        versions.put("tshark", Peers.find("tshark").map(p -> Peers.firstLine(List.of(p.toString(), "--version")))
                .orElse("not installed"));
        versions.put("dtlskit engine", "Bouncy Castle bctls " + System.getProperty("bouncycastle.version", "?") + ", Java "
                + System.getProperty("java.version"));
        String md = MATRIX.render(versions, COMMAND, Duration.ofNanos(ELAPSED_NANOS.get()), PEERS,
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

    static boolean recordNa(java.util.Optional<String> reason, String peer, String direction, CipherSuite suite) {
        if (reason.isEmpty()) {
            return false;
        }
        MATRIX.add(new Cell("suites", peer, direction, suite.name(), Result.NA, peer + ", " + suite + ": " + reason.get()));
        return true;
    }

    static void runCell(String where, String peer, String direction, String row, Scenario scenario) {
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

    static void keyLogCell(String row, Scenario scenario) {
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
}
