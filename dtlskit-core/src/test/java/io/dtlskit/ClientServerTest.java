package io.dtlskit;

import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClientServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    RecordingServerListener serverEvents = new RecordingServerListener();
    RecordingListener events = new RecordingListener();
    DtlsServer server;
    DtlsClient client;
    ResourceCheck resources;

    @BeforeEach
    void start() throws Exception {
        resources = ResourceCheck.baseline();
        server = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(serverEvents).start();
        client = DtlsClient.builder().pingInterval(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    @Test
    void handshakePingAndExactAck() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Alice (clone number 0)").listener(events).connect();
        HandshakeResult result = a.handshake().get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.cipherSuite()).isEqualTo("TLS_PSK_WITH_AES_128_GCM_SHA256");
        assertThat(result.identityHint()).isEqualTo("Qt DTLS example server");

        AssociationEvent.ServerResponse reply = (AssociationEvent.ServerResponse) events.await(
                e -> e instanceof AssociationEvent.ServerResponse, WAIT, "a reply");
        InetSocketAddress local = a.localAddress();
        assertThat(reply.plaintextText()).isEqualTo("to (127.0.0.1:" + local.getPort() + "): ACK");
        assertThat(reply.datagram().length).isGreaterThan(reply.plaintext().length);

        ServerEvent.MessageReceived got = (ServerEvent.MessageReceived) serverEvents.await(
                e -> e instanceof ServerEvent.MessageReceived, WAIT, "ping at server");
        assertThat(got.plaintextText()).isEqualTo("I am Alice (clone number 0), please, accept our ping 0");
    }
}
