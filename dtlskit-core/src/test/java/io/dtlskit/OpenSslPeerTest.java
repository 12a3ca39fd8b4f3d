package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenSSL 3 (installed on the machine) as the peer, both ways (issue 3). The full matrix is dtlskit-interop. */
@Tag("openssl")
class OpenSslPeerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void requireOpenSsl() {
        PeerProcess.require("openssl", "openssl is not on PATH: skipping the OpenSSL peer tests");
    }

    @Test
    void ourClientAgainstOpenSslServer() throws Exception {
        int port = PeerProcess.freeUdpPort();
        try (PeerProcess openssl = PeerProcess.start("openssl s_server", List.of("openssl", "s_server", "-dtls1_2",
                "-nocert", "-psk", "1a2b3c4d5e6f", "-psk_hint", "Qt DTLS example server", "-cipher", "PSK",
                "-accept", "127.0.0.1:" + port, "-naccept", "1"));
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(300)).build()) {
            openssl.awaitOutput("ACCEPT", WAIT);
            RecordingListener events = new RecordingListener();
            DtlsAssociation a = client.association(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .name("Alice (clone number 0)").listener(events).connect();
            HandshakeResult r = a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.cipherSuite()).startsWith("TLS_PSK_WITH_");
            assertThat(r.identityHint()).isEqualTo("Qt DTLS example server");
            // s_server prints what it decrypts and sends what it reads on stdin.
            openssl.awaitOutput("I am Alice (clone number 0), please, accept our ping 0", WAIT);
            openssl.write("to (127.0.0.1:" + a.localAddress().getPort() + "): ACK\n");
            var reply = (AssociationEvent.ServerResponse) events.await(e -> e instanceof AssociationEvent.ServerResponse,
                    WAIT, "OpenSSL's reply");
            assertThat(reply.plaintextText()).isEqualTo("to (127.0.0.1:" + a.localAddress().getPort() + "): ACK\n");
            a.close();
            assertThat(a.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        }
    }

    @Test
    void openSslClientAgainstOurServer() throws Exception {
        RecordingServerListener events = new RecordingServerListener();
        try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(events).start();
             PeerProcess openssl = PeerProcess.start("openssl s_client", List.of("openssl", "s_client", "-dtls1_2",
                     "-psk", "1a2b3c4d5e6f", "-psk_identity", "openssl client", "-cipher", "PSK",
                     "-connect", "127.0.0.1:" + server.localAddress().getPort()))) {
            var encrypted = (ServerEvent.PeerEncrypted) events.await(e -> e instanceof ServerEvent.PeerEncrypted, WAIT,
                    "handshake with s_client");
            assertThat(events.messages()).contains("PSK callback, received a client's identity: 'openssl client'");
            openssl.write("hello from openssl\n");
            var got = (ServerEvent.MessageReceived) events.await(e -> e instanceof ServerEvent.MessageReceived, WAIT,
                    "s_client's message");
            assertThat(got.plaintextText()).isEqualTo("hello from openssl\n");
            String ack = "to (127.0.0.1:" + encrypted.peer().getPort() + "): ACK";
            openssl.awaitOutput(ack, WAIT);
        }
    }
}
