package io.dtlskit.interop;

import io.dtlskit.AlertException;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.HandshakeResult;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.PskKey;
import io.dtlskit.interop.Matrix.Cell;
import io.dtlskit.interop.Matrix.Result;
import io.dtlskit.interop.PeerServer.Expected;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.dtlskit.interop.InteropRun.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop matrix, dtlskit client to peer servers: every suite against every peer, then the negative rows
 * (wrong key, unknown identity). See {@link InteropRun}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientToPeerInteropTest extends MatrixClass {
    // ------------------------------------------------------------------ dtlskit client -> peer server

    @Order(1)
    @ParameterizedTest(name = "{0} server <- dtlskit client, {1}")
    @MethodSource("io.dtlskit.interop.InteropRun#cells")
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

    // ------------------------------------------------------------------ negative rows

    @Order(3)
    @ParameterizedTest(name = "{0} server <- dtlskit client, {1}")
    @MethodSource("io.dtlskit.interop.InteropRun#negativeCells")
    void negative(String peer, String kind) throws Throwable {
        CipherSuite suite = negativeSuite(peer);
        String where = peer + " server <- dtlskit client, " + suite + ", " + kind;
        String prefix = suite == CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256 ? "" : suite + ": ";
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
                                prefix + server.acceptsAnyIdentity().get() + ": the handshake completed (checked)"));
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
                    MATRIX.add(new Cell("negative", peer, Matrix.CLIENT_TO_PEER, kind, Result.PASS, prefix + detail));
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
}
