package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.interop.Matrix.Cell;
import io.dtlskit.interop.Matrix.Result;
import io.dtlskit.interop.PeerServer.Expected;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.dtlskit.interop.InteropRun.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop matrix, peer clients to the dtlskit server: every suite from every peer (a peer's known crash
 * after the handshake is proved, then shown as n/a), then the wrong-key rows. See {@link InteropRun}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerToServerInteropTest extends MatrixClass {
    // ------------------------------------------------------------------ peer client -> dtlskit server

    @Order(2)
    @ParameterizedTest(name = "{0} client -> dtlskit server, {1}")
    @MethodSource("io.dtlskit.interop.InteropRun#cells")
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

    /**
     * The other direction: a peer client with the wrong key against our server, which must report
     * the failed peer clearly and fast (3 s handshake timeout: the peer's Finished fails its MAC
     * and is dropped, RFC 6347 §4.1.2.7). Our server accepts any identity (the Qt example does),
     * so "unknown identity" has no server row.
     */
    @Order(3)
    @ParameterizedTest(name = "{0} client -> dtlskit server, wrong key")
    @MethodSource("io.dtlskit.interop.InteropRun#peers")
    void negativeServer(String peer) throws Throwable {
        CipherSuite suite = negativeSuite(peer);
        String prefix = suite == CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256 ? "" : suite + ": ";
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
                        prefix + failed.cause().getClass().getSimpleName() + " " + ms + " ms after the ClientHello: \""
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
}
