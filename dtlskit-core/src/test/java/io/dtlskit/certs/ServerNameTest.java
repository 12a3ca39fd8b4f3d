package io.dtlskit.certs;

import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.DtlsSession;
import io.dtlskit.PeerVerifier;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerHandler;
import io.dtlskit.testing.LeakCheckedTest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server reports the host name a client sent as SNI (RFC 6066 §3): event, session, peer info. */
class ServerNameTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestCerts CERTS = new TestCerts(61);

    final CompletableFuture<DtlsSession> opened = new CompletableFuture<>();

    DtlsServer server(DtlsServer.Builder b) throws Exception {
        DtlsServer s = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).listener(serverEvents)
                .handler(new ServerHandler() {
                    @Override
                    public void onOpen(DtlsSession session) {
                        opened.complete(session);
                    }
                }).handshakeTimeout(Duration.ofSeconds(10)).start();
        closeLater(s);
        return s;
    }

    DtlsClient client(DtlsClient.Builder b) {
        DtlsClient c = b.handshakeTimeout(Duration.ofSeconds(10)).build();
        closeLater(c);
        return c;
    }

    @Test
    void theNameTheClientSentIsReportedInTheEventTheSessionAndThePeerInfo() throws Exception {
        DtlsServer s = server(DtlsServer.builder().credentials(TestCerts.credentials(CERTS.server, CERTS.ca)));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate())))
                .serverName("localhost"));
        c.association(s.localAddress()).connect().handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        var got = (ServerEvent.ServerNameReceived) serverEvents.await(e -> e instanceof ServerEvent.ServerNameReceived,
                WAIT, "the SNI event");
        assertThat(got.name()).isEqualTo("localhost");
        assertThat(got.message()).endsWith(": client asked for server name 'localhost' (SNI)");
        assertThat(opened.get(WAIT.toSeconds(), TimeUnit.SECONDS).serverName()).isEqualTo("localhost");
        assertThat(s.peers()).singleElement().satisfies(p -> assertThat(p.serverName()).isEqualTo("localhost"));
        // Reported before the Qt line that says the connection is encrypted.
        List<ServerEvent> all = serverEvents.snapshot();
        int sni = all.indexOf(got);
        assertThat(all.subList(sni, all.size())).anyMatch(e -> e instanceof ServerEvent.PeerEncrypted);
    }

    @Test
    void anAddressSendsNoNameAndNothingIsReported() throws Exception {
        PskKey key = PskKey.ofHex("1a2b3c4d5e6f");
        DtlsServer s = server(DtlsServer.builder().pskKey(key));
        DtlsClient c = client(DtlsClient.builder().pskIdentity("id").pskKey(key));
        c.association(s.localAddress()).connect().handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(opened.get(WAIT.toSeconds(), TimeUnit.SECONDS).serverName()).isNull();
        serverEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, WAIT, "encrypted");
        assertThat(serverEvents.snapshot()).noneMatch(e -> e instanceof ServerEvent.ServerNameReceived);
        assertThat(s.peers()).singleElement().satisfies(p -> assertThat(p.serverName()).isNull());
    }
}
