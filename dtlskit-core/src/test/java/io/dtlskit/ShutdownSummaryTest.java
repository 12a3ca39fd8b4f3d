package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's shutdown summary counts every encrypted peer it sent close_notify to. Before the fix
 * the count read each session's state after the alert, when the session's own thread may already
 * have moved it to CLOSED: "close_notify sent to 0 peer(s)" after sending it to one. That race was
 * found by ServerProcessTest under load; this test does not force it (in-process it rarely shows), it
 * pins the summary's contract, which no other test checked.
 */
class ShutdownSummaryTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void shutdownCountsEveryEncryptedPeerItNotified() throws Exception {
        for (int round = 0; round < 5; round++) {
            RecordingServerListener serverEvents = new RecordingServerListener();
            RecordingListener clientEvents = new RecordingListener();
            try (DtlsClient client = Qt.client().build()) {
                DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .listener(serverEvents).start();
                try {
                    DtlsAssociation a = client.association(server.localAddress()).name("round " + round)
                            .listener(clientEvents).connect();
                    a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    serverEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, WAIT, "the server's handshake");
                } finally {
                    server.close();
                }
                var shutDown = (ServerEvent.ShutDown) serverEvents.await(e -> e instanceof ServerEvent.ShutDown, WAIT,
                        "the shutdown summary");
                clientEvents.await(e -> e instanceof AssociationEvent.AlertReceived, WAIT, "close_notify at the client");
                assertThat(shutDown.peersNotified()).as("peers notified, round " + round).isEqualTo(1);
            }
        }
    }
}
