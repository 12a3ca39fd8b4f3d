package io.dtlskit.certs;

import io.dtlskit.AlertException;
import io.dtlskit.AssociationEvent;
import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PeerIdentity;
import io.dtlskit.PeerVerifier;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.internal.CertificateMaker.Usage;
import io.dtlskit.testing.LeakCheckedTest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Certificates and raw public keys between our client and our server over real UDP on 127.0.0.1. */
class CertificateHandshakeTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestCerts CERTS = new TestCerts(13);

    DtlsServer server(DtlsServer.Builder b) throws Exception {
        DtlsServer s = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).listener(serverEvents)
                .handshakeTimeout(Duration.ofSeconds(10)).start();
        closeLater(s);
        return s;
    }

    DtlsClient client(DtlsClient.Builder b) {
        DtlsClient c = b.handshakeTimeout(Duration.ofSeconds(10)).build();
        closeLater(c);
        return c;
    }

    DtlsServer.Builder certServer() {
        return DtlsServer.builder().credentials(TestCerts.credentials(CERTS.server, CERTS.ca));
    }

    HandshakeResult handshake(DtlsClient c, DtlsServer s) throws Exception {
        DtlsAssociation a = c.association(s.localAddress()).name("cert client").listener(events).connect();
        return a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    Throwable failure(DtlsClient c, DtlsServer s) {
        DtlsAssociation a = c.association(s.localAddress()).name("cert client").listener(events).connect();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    @Test
    void serverCertificateVerifiedAgainstCaWithCcm8First() throws Exception {
        DtlsServer s = server(certServer());
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        HandshakeResult r = handshake(c, s);
        assertThat(r.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
        PeerIdentity.Certificate peer = (PeerIdentity.Certificate) r.peer();
        assertThat(peer.subject()).isEqualTo("CN=localhost");
        assertThat(peer.issuer()).isEqualTo("CN=test CA");
        assertThat(peer.keyType()).isEqualTo("EC P-256");
        assertThat(peer.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        var shown = (AssociationEvent.PeerCertificate) events.await(e -> e instanceof AssociationEvent.PeerCertificate, WAIT, "cert event");
        assertThat(shown.message()).contains("CN=localhost", "CN=test CA", "EC P-256", peer.fingerprint());
    }

    @Test
    void mutualAuthenticationReportsTheClientAtTheServer() throws Exception {
        DtlsServer s = server(certServer().clientAuth(ClientAuth.NEED, PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate())))
                .credentials(TestCerts.credentials(CERTS.client, CERTS.ca)));
        handshake(c, s);
        var got = (ServerEvent.PeerCertificate) serverEvents.await(e -> e instanceof ServerEvent.PeerCertificate, WAIT, "client cert");
        assertThat(got.identity().describe()).isEqualTo("CN=test client");
        assertThat(s.peers()).anySatisfy(p -> assertThat(p.identity()).isEqualTo("CN=test client"));
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenRequiredAndToldWhy() throws Exception {
        DtlsServer s = server(certServer().clientAuth(ClientAuth.NEED, PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        Throwable t = failure(c, s);
        assertThat(t).isInstanceOf(AlertException.class).hasMessageContaining("handshake_failure")
                .hasMessageContaining("requires a client certificate").hasMessageContaining("--cert");
        var failed = (ServerEvent.PeerFailed) serverEvents.await(e -> e instanceof ServerEvent.PeerFailed, WAIT, "server failure");
        assertThat(failed.cause().getMessage()).contains("client certificate required");
    }

    @Test
    void clientWithoutCertificateIsAcceptedWhenOnlyWanted() throws Exception {
        DtlsServer s = server(certServer().clientAuth(ClientAuth.WANT, PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        handshake(c, s);
        events.await(e -> e instanceof AssociationEvent.Warning w && w.text().contains("sending an empty one"), WAIT, "warning");
        var got = (ServerEvent.PeerCertificate) serverEvents.await(e -> e instanceof ServerEvent.PeerCertificate, WAIT, "anon");
        assertThat(got.identity()).isInstanceOf(PeerIdentity.Anonymous.class);
    }

    @Test
    void wrongCaIsUnknownIssuerAndTheServerHearsUnknownCa() throws Exception {
        DtlsServer s = server(certServer());
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.otherCa.certificate()))));
        assertThat(failure(c, s)).isInstanceOf(AlertException.class).hasMessageContaining("unknown_ca")
                .hasMessageContaining("unknown issuer").hasMessageContaining("CN=test CA").hasMessageContaining("--ca");
        var failed = (ServerEvent.PeerFailed) serverEvents.await(e -> e instanceof ServerEvent.PeerFailed, WAIT, "server failure");
        assertThat(failed.cause().getMessage()).contains("unknown_ca");
    }

    @Test
    void expiredServerCertificateIsNamed() throws Exception {
        var expired = CERTS.leaf(CERTS.ca, "localhost", List.of("localhost", "127.0.0.1"), Usage.SERVER, Duration.ofDays(-3));
        DtlsServer s = server(DtlsServer.builder().credentials(TestCerts.credentials(expired, CERTS.ca)));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        assertThat(failure(c, s)).hasMessageContaining("certificate_expired").hasMessageContaining("certificate expired");
    }

    @Test
    void nameMismatchIsNamed() throws Exception {
        DtlsServer s = server(certServer());
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate())))
                .serverName("device.example"));
        assertThat(failure(c, s)).hasMessageContaining("name mismatch").hasMessageContaining("device.example")
                .hasMessageContaining("localhost");
    }

    @Test
    void rawPublicKeysBothWaysWhenPinned() throws Exception {
        var serverKey = CERTS.maker.newKeyPair();
        var clientKey = CERTS.maker.newKeyPair();
        Credentials.RawPublicKey serverRpk = Credentials.rawPublicKey(serverKey);
        Credentials.RawPublicKey clientRpk = Credentials.rawPublicKey(clientKey);
        DtlsServer s = server(DtlsServer.builder().credentials(serverRpk)
                .clientAuth(ClientAuth.NEED, PeerVerifier.pinnedKeys(List.of(clientRpk.fingerprint()))));
        DtlsClient c = client(DtlsClient.builder().credentials(clientRpk)
                .serverVerifier(PeerVerifier.pinnedKeys(List.of(serverRpk.fingerprint()))));
        HandshakeResult r = handshake(c, s);
        assertThat(r.peer()).isInstanceOf(PeerIdentity.RawPublicKey.class);
        assertThat(((PeerIdentity.RawPublicKey) r.peer()).fingerprint()).isEqualTo(serverRpk.fingerprint());
        var got = (ServerEvent.PeerCertificate) serverEvents.await(e -> e instanceof ServerEvent.PeerCertificate, WAIT, "rpk");
        assertThat(got.identity().describe()).isEqualTo(clientRpk.fingerprint());
    }

    @Test
    void unpinnedRawPublicKeyIsRefused() throws Exception {
        Credentials.RawPublicKey serverRpk = Credentials.rawPublicKey(CERTS.maker.newKeyPair());
        Credentials.RawPublicKey other = Credentials.rawPublicKey(CERTS.maker.newKeyPair());
        DtlsServer s = server(DtlsServer.builder().credentials(serverRpk));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.pinnedKeys(List.of(other.fingerprint()))));
        assertThat(failure(c, s)).hasMessageContaining("raw public key not trusted")
                .hasMessageContaining(serverRpk.fingerprint());
    }

    @Test
    void rawKeyServerRefusesAClientThatAcceptsOnlyCertificates() throws Exception {
        DtlsServer s = server(DtlsServer.builder().credentials(Credentials.rawPublicKey(CERTS.maker.newKeyPair())));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        assertThat(failure(c, s)).hasMessageContaining("unsupported_certificate").hasMessageContaining("X.509 / raw public key");
        var failed = (ServerEvent.PeerFailed) serverEvents.await(e -> e instanceof ServerEvent.PeerFailed, WAIT, "server");
        assertThat(failed.cause().getMessage()).contains("only a raw public key");
    }

    @Test
    void pskAndCertificateSuitesOfferedAtOnce() throws Exception {
        PskKey key = PskKey.ofHex("00112233445566778899");
        DtlsServer s = server(certServer().credentials(TestCerts.credentials(CERTS.server, CERTS.ca),
                Credentials.psk("hint", key)));
        DtlsClient pskClient = client(DtlsClient.builder().pskKey(key));
        assertThat(handshake(pskClient, s).cipherSuite()).isEqualTo("TLS_PSK_WITH_AES_128_GCM_SHA256");
        DtlsClient certClient = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        assertThat(handshake(certClient, s).cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
    }

    static java.security.KeyPair rsa(int bits) throws Exception {
        var g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    @Test
    void rsaServerCertificateNegotiatesEcdheRsa() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        var leaf = CERTS.maker.leaf(CERTS.ca, "localhost", List.of("127.0.0.1"), Usage.SERVER, now.minusSeconds(60),
                now.plusSeconds(3600), rsa(2048));
        DtlsServer s = server(DtlsServer.builder().credentials(TestCerts.credentials(leaf, CERTS.ca)));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        HandshakeResult r = handshake(c, s);
        assertThat(r.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(((PeerIdentity.Certificate) r.peer()).keyType()).isEqualTo("RSA 2048");
    }

    @Test
    void weakRsaKeyIsAnUnsupportedKey() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        var leaf = CERTS.maker.leaf(CERTS.ca, "localhost", List.of("127.0.0.1"), Usage.SERVER, now.minusSeconds(60),
                now.plusSeconds(3600), rsa(1024));
        DtlsServer s = server(DtlsServer.builder().credentials(TestCerts.credentials(leaf, CERTS.ca)));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        assertThat(failure(c, s)).hasMessageContaining("unsupported_certificate").hasMessageContaining("unsupported key")
                .hasMessageContaining("RSA key of 1024 bits");
    }

    @Test
    void aResumedSessionStillNamesBothPeers() throws Exception {
        DtlsServer s = server(certServer().clientAuth(ClientAuth.NEED, PeerVerifier.trusting(List.of(CERTS.ca.certificate()))));
        DtlsClient c = client(DtlsClient.builder().resume(true)
                .serverVerifier(PeerVerifier.trusting(List.of(CERTS.ca.certificate())))
                .credentials(TestCerts.credentials(CERTS.client, CERTS.ca)));
        DtlsAssociation first = c.association(s.localAddress()).name("first").listener(events).connect();
        assertThat(first.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS).resumed()).isFalse();
        DtlsAssociation second = c.association(s.localAddress()).name("second").listener(events).connect();
        HandshakeResult r = second.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.resumed()).as("abbreviated handshake (RFC 5246 §7.3)").isTrue();
        assertThat(r.peer().describe()).isEqualTo("CN=localhost");
        var resumed = (ServerEvent.SessionResumed) serverEvents.await(e -> e instanceof ServerEvent.SessionResumed, WAIT,
                "the resumption at the server");
        assertThat(s.peers()).filteredOn(p -> p.address().equals(resumed.peer()))
                .singleElement().satisfies(p -> assertThat(p.identity()).isEqualTo("CN=test client"));
    }

    @Test
    void insecureSaysSoAtEveryHandshake() throws Exception {
        DtlsServer s = server(DtlsServer.builder().credentials(Credentials.selfSigned()));
        DtlsClient c = client(DtlsClient.builder().serverVerifier(PeerVerifier.insecure()));
        handshake(c, s);
        events.await(e -> e instanceof AssociationEvent.Warning w && w.text().contains("NOT verified"), WAIT, "insecure warning");
    }
}
