package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our client's session resumption (RFC 5246 §7.3) against OpenSSL's s_server, which keeps a session
 * cache by default: the second association resumes, and after s_server restarts (its cache is gone)
 * the offered session is refused and a full handshake follows.
 */
@Tag("openssl")
class ResumptionOpenSslTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void requireOpenSsl() {
        PeerProcess.require("openssl", "openssl is not on PATH: skipping the OpenSSL resumption test");
    }

    private static PeerProcess sServer(int port) throws Exception {
        PeerProcess p = PeerProcess.start("openssl s_server", List.of("openssl", "s_server", "-dtls1_2", "-nocert",
                "-psk", "1a2b3c4d5e6f", "-psk_hint", "Qt DTLS example server", "-cipher", "PSK",
                "-accept", "127.0.0.1:" + port));
        p.awaitOutput("ACCEPT", WAIT);
        return p;
    }

    private static HandshakeResult once(DtlsClient client, int port, RecordingListener events) throws Exception {
        DtlsAssociation a = client.association(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .name("Alice").listener(events).connect();
        HandshakeResult r = a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        a.close();
        assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        return r;
    }

    @Test
    void resumesAgainstOpenSslAndFallsBackAfterItRestarts() throws Exception {
        int port = PeerProcess.freeUdpPort();
        RecordingListener events = new RecordingListener();
        try (DtlsClient client = DtlsClient.builder().pskKey(Qt.key()).resume(true).build()) {
            try (PeerProcess openssl = sServer(port)) {
                HandshakeResult first = once(client, port, events);
                assertThat(first.resumed()).isFalse();
                openssl.awaitOutput("DONE", WAIT); // s_server ended the first connection and accepts again
                HandshakeResult second = once(client, port, events);
                assertThat(second.resumed()).as("the second handshake is abbreviated").isTrue();
                assertThat(second.cipherSuite()).isEqualTo(first.cipherSuite());
            }
            try (PeerProcess restarted = sServer(port)) {
                HandshakeResult third = once(client, port, events);
                assertThat(third.resumed()).as("a restarted s_server has no session to resume").isFalse();
            }
        }
        List<String> resumption = events.snapshot().stream().filter(e -> e instanceof AssociationEvent.Resumption)
                .map(AssociationEvent::message).toList();
        assertThat(resumption).hasSize(3);
        assertThat(resumption.get(0)).contains("full handshake (no session to resume");
        assertThat(resumption.get(1)).contains("session resumed (abbreviated handshake");
        assertThat(resumption.get(2)).contains("full handshake (the server did not resume our session");
    }
}
