package io.dtlskit.interop;

import io.dtlskit.AssociationEvent;
import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PeerIdentity;
import io.dtlskit.PeerVerifier;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates and raw public keys (RFC 7250) against OpenSSL, GnuTLS, mbedTLS and Scandium, both
 * directions, with the negative rows of issue 13; writes {@code docs/interop-certificates.md}.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateInteropTest {
    static final String TO_PEER = "dtlskit client → peer server";
    static final String TO_US = "peer client → dtlskit server";
    static final int EXPECTED_ROWS = 21;
    static CertFiles files;
    final RecordingListener events = new RecordingListener();
    final RecordingServerListener serverEvents = new RecordingServerListener();
    /** Our clients, closed after each row (after the peer, which the row's try closes first). */
    final List<AutoCloseable> toClose = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        files = new CertFiles();
    }

    static void row(String peer, String direction, String what, CertRows.Scenario s) throws Exception {
        CertRows.row(peer, direction, what, s);
    }

    PeerVerifier trustCa() {
        return PeerVerifier.trusting(List.of(files.certs.ca.certificate()));
    }

    /** Our client, one association pinging every 100 ms; returns once the handshake is done. */
    HandshakeResult connect(InetSocketAddress server, UnaryOperator<DtlsClient.Builder> setup) throws Exception {
        DtlsClient client = setup.apply(DtlsClient.builder().keepAlive(io.dtlskit.testing.Qt.PINGER, Duration.ofMillis(100)).maxPings(5)
                .handshakeTimeout(Peers.STEP)).build();
        toClose.add(client);
        DtlsAssociation a = client.association(server).name("cert client").listener(events).connect();
        return a.handshake().get(Peers.STEP.toSeconds() + 5, TimeUnit.SECONDS);
    }

    /** Our client's failure message. */
    String refused(InetSocketAddress server, UnaryOperator<DtlsClient.Builder> setup) throws Exception {
        try {
            connect(server, setup);
            throw new AssertionError("the handshake completed, but should have failed");
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    String echoed() {
        var r = (AssociationEvent.ServerResponse) events.await(e -> e instanceof AssociationEvent.ServerResponse,
                Peers.STEP, "the peer's answer");
        return r.plaintextText();
    }

    static String describe(HandshakeResult r) {
        return r.cipherSuite() + ", server " + r.peer().describe();
    }

    DtlsServer ourServer(Credentials own, ClientAuth auth, PeerVerifier clients) throws Exception {
        DtlsServer.Builder b = DtlsServer.builder().bind(Peers.loopback(0)).listener(serverEvents)
                .handler(io.dtlskit.ServerHandler.ack())
                .handshakeTimeout(Peers.STEP).credentials(own);
        if (auth != ClientAuth.NONE) {
            b.clientAuth(auth, clients);
        }
        return b.start();
    }

    // ------------------------------------------------------------ dtlskit client → peer server

    @Test
    void a01_openSslServerMutualX509() throws Exception {
        row("OpenSSL", TO_PEER, "X.509, client certificate required", () -> {
            try (var s = CertPrograms.openSslServer(files, "server.pem", "server-key.pem", true)) {
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(trustCa()).credentials(files.client()));
                s.process().awaitOutput("please, accept our ping", Peers.STEP, "our ping");
                assertThat(r.peer().describe()).isEqualTo("CN=localhost");
                return describe(r);
            }
        });
    }

    @Test
    void a02_openSslServerWrongCa() throws Exception {
        row("OpenSSL", TO_PEER, "negative: wrong CA", () -> {
            try (var s = CertPrograms.openSslServer(files, "server.pem", "server-key.pem", false)) {
                String m = refused(s.address(), b -> b.serverVerifier(PeerVerifier.trusting(List.of(files.certs.otherCa.certificate()))));
                assertThat(m).contains("unknown_ca", "unknown issuer", "--ca");
                return m;
            }
        });
    }

    @Test
    void a03_openSslServerExpiredCertificate() throws Exception {
        row("OpenSSL", TO_PEER, "negative: expired server certificate", () -> {
            try (var s = CertPrograms.openSslServer(files, "expired.pem", "expired-key.pem", false)) {
                String m = refused(s.address(), b -> b.serverVerifier(trustCa()));
                assertThat(m).contains("certificate_expired", "certificate expired");
                return m;
            }
        });
    }

    @Test
    void a04_openSslServerNameMismatch() throws Exception {
        row("OpenSSL", TO_PEER, "negative: name mismatch", () -> {
            try (var s = CertPrograms.openSslServer(files, "server.pem", "server-key.pem", false)) {
                String m = refused(s.address(), b -> b.serverVerifier(trustCa()).serverName("device.example"));
                assertThat(m).contains("name mismatch", "device.example");
                return m;
            }
        });
    }

    @Test
    void a05_openSslServerRequiresClientCertificate() throws Exception {
        row("OpenSSL", TO_PEER, "negative: client certificate required, none given", () -> {
            try (var s = CertPrograms.openSslServer(files, "server.pem", "server-key.pem", true)) {
                String m = refused(s.address(), b -> b.serverVerifier(trustCa()));
                assertThat(m).contains("requires a client certificate", "--cert");
                return m;
            }
        });
    }

    @Test
    void a06_gnuTlsServerMutualX509() throws Exception {
        row("GnuTLS", TO_PEER, "X.509, client certificate required", () -> {
            try (var s = CertPrograms.gnuTlsServer(files, false, true)) {
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(trustCa()).credentials(files.client()));
                assertThat(echoed()).contains("please, accept our ping");
                return describe(r);
            }
        });
    }

    @Test
    void a07_gnuTlsServerRawPublicKey() throws Exception {
        row("GnuTLS", TO_PEER, "raw public key, pinned", () -> {
            try (var s = CertPrograms.gnuTlsServer(files, true, false)) {
                String pin = io.dtlskit.internal.Fingerprints.of(files.serverRaw.getPublic());
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(PeerVerifier.pinnedKeys(List.of(pin))));
                assertThat(r.peer()).isInstanceOf(PeerIdentity.RawPublicKey.class);
                assertThat(echoed()).contains("please, accept our ping");
                return describe(r);
            }
        });
    }

    @Test
    void a08_mbedTlsServerMutualX509() throws Exception {
        row("mbedTLS", TO_PEER, "X.509, client certificate required", () -> {
            try (var s = CertPrograms.mbedTlsServer(files, true)) {
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(trustCa()).credentials(files.client()));
                assertThat(echoed()).startsWith("HTTP/1.0 200 OK");
                return describe(r);
            }
        });
    }

    @Test
    void a09_scandiumServerMutualX509() throws Exception {
        row("Scandium", TO_PEER, "X.509, client certificate required", () -> {
            try (var s = ScandiumCerts.x509Server(files, true)) {
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(trustCa()).credentials(files.client()));
                assertThat(echoed()).contains("please, accept our ping");
                return describe(r);
            }
        });
    }

    @Test
    void a10_scandiumServerRawPublicKeysBothWays() throws Exception {
        row("Scandium", TO_PEER, "raw public keys both ways, pinned", () -> {
            try (var s = ScandiumCerts.rawServer(files, files.clientRaw.getPublic())) {
                String pin = io.dtlskit.internal.Fingerprints.of(files.serverRaw.getPublic());
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(PeerVerifier.pinnedKeys(List.of(pin)))
                        .credentials(Credentials.rawPublicKey(files.clientRaw)));
                assertThat(r.peer()).isInstanceOf(PeerIdentity.RawPublicKey.class);
                assertThat(echoed()).contains("please, accept our ping");
                return describe(r);
            }
        });
    }

    @Test
    void a11_scandiumServerUnpinnedRawPublicKey() throws Exception {
        row("Scandium", TO_PEER, "negative: unpinned raw public key", () -> {
            try (var s = ScandiumCerts.rawServer(files, null)) {
                String other = io.dtlskit.internal.Fingerprints.of(files.clientRaw.getPublic());
                String m = refused(s.address(), b -> b.serverVerifier(PeerVerifier.pinnedKeys(List.of(other))));
                assertThat(m).contains("raw public key not trusted", io.dtlskit.internal.Fingerprints.of(files.serverRaw.getPublic()));
                return m;
            }
        });
    }

    @Test
    void a12_keyLogDecryptsCertificateSession() throws Exception {
        row("tshark", TO_PEER, "key log of an ECDHE-ECDSA session (OpenSSL s_server) decrypts", () -> {
            Path keyLog = files.file("client.keylog");
            try (var s = CertPrograms.openSslServer(files, "server.pem", "server-key.pem", false);
                 Capture capture = Capture.start(s.address().getPort(), files.file("cert.pcapng"))) {
                HandshakeResult r = connect(s.address(), b -> b.serverVerifier(trustCa()).keyLog(keyLog));
                s.process().awaitOutput("please, accept our ping 0", Peers.STEP, "our ping");
                for (AutoCloseable c : toClose) {
                    c.close(); // our close_notify goes into the capture
                }
                toClose.clear();
                capture.awaitPacket("Encrypted Alert", Peers.STEP);
                capture.stop();
                List<String> texts = capture.decrypt(keyLog);
                assertThat(texts).contains("I am cert client, please, accept our ping 0");
                return r.cipherSuite() + ": tshark showed \"I am cert client, please, accept our ping 0\"";
            }
        });
    }

    @Test
    void a13_openSslServerResumedSessionStillNamesTheServer() throws Exception {
        row("OpenSSL", TO_PEER, "session resumption: the abbreviated handshake still names the server", () -> {
            try (var s = CertPrograms.openSslServer(files, "server.pem", "server-key.pem", false)) {
                DtlsClient client = DtlsClient.builder().resume(true).serverVerifier(trustCa())
                        .handshakeTimeout(Peers.STEP).build();
                toClose.add(client);
                DtlsAssociation one = client.association(s.address()).name("first").connect();
                HandshakeResult first = one.handshake().get(Peers.STEP.toSeconds(), TimeUnit.SECONDS);
                one.close(); // s_server serves one client at a time
                one.terminated().get(Peers.STEP.toSeconds(), TimeUnit.SECONDS);
                HandshakeResult second = client.association(s.address()).name("second").connect().handshake()
                        .get(Peers.STEP.toSeconds(), TimeUnit.SECONDS);
                assertThat(first.resumed()).isFalse();
                assertThat(second.resumed()).as("RFC 5246 §7.3 abbreviated handshake").isTrue();
                assertThat(second.peer().describe()).as("the certificate from the session").isEqualTo("CN=localhost");
                return "second handshake resumed, server " + second.peer().describe();
            }
        });
    }

    // ------------------------------------------------------------ peer client → dtlskit server

    void awaitClientCertificate(String expected) {
        var got = (ServerEvent.PeerCertificate) serverEvents.await(e -> e instanceof ServerEvent.PeerCertificate,
                Peers.STEP, "the client's certificate at our server");
        assertThat(got.identity().describe()).isEqualTo(expected);
    }

    String pingAndAck(PeerProcess p, String handshakeLine, String who) throws Exception {
        int after = p.awaitOutput(handshakeLine, Peers.STEP, "its handshake line");
        p.write("I am " + who + ", please, accept our ping 0\n");
        p.awaitOutput("): ACK", after, Peers.STEP, "our ACK");
        p.closeStdin();
        var ack = java.util.regex.Pattern.compile("to \\([0-9.:]+\\): ACK").matcher(p.output().substring(after));
        return ack.find() ? ack.group() : "";
    }

    @Test
    void b01_openSslClientMutualX509() throws Exception {
        row("OpenSSL", TO_US, "X.509, client certificate required", () -> {
            try (DtlsServer s = ourServer(files.server(), ClientAuth.NEED, trustCa());
                 PeerProcess p = CertPrograms.openSslClient(files, s.localAddress(), "ca.pem", true)) {
                String ack = pingAndAck(p, "Verify return code: 0 (ok)", "openssl s_client");
                awaitClientCertificate("CN=test client");
                return "client CN=test client; s_client verified us and got " + ack;
            }
        });
    }

    @Test
    void b02_openSslClientWrongCa() throws Exception {
        row("OpenSSL", TO_US, "negative: client trusts another CA", () -> {
            try (DtlsServer s = ourServer(files.server(), ClientAuth.NONE, null);
                 PeerProcess p = CertPrograms.openSslClient(files, s.localAddress(), "other-ca.pem", false)) {
                var failed = (ServerEvent.PeerFailed) serverEvents.await(e -> e instanceof ServerEvent.PeerFailed,
                        Peers.STEP, "our server's failure");
                assertThat(failed.cause().getMessage()).contains("unknown_ca", "does not trust the CA");
                return failed.cause().getMessage();
            }
        });
    }

    @Test
    void b03_openSslClientWithoutRequiredCertificate() throws Exception {
        row("OpenSSL", TO_US, "negative: client certificate required, none given", () -> {
            try (DtlsServer s = ourServer(files.server(), ClientAuth.NEED, trustCa());
                 PeerProcess p = CertPrograms.openSslClient(files, s.localAddress(), "ca.pem", false)) {
                var failed = (ServerEvent.PeerFailed) serverEvents.await(e -> e instanceof ServerEvent.PeerFailed,
                        Peers.STEP, "our server's failure");
                assertThat(failed.cause().getMessage()).contains("client certificate required", "--cert");
                return failed.cause().getMessage();
            }
        });
    }

    @Test
    void b04_gnuTlsClientMutualX509() throws Exception {
        row("GnuTLS", TO_US, "X.509, client certificate required", () -> {
            try (DtlsServer s = ourServer(files.server(), ClientAuth.NEED, trustCa());
                 PeerProcess p = CertPrograms.gnuTlsClient(files, s.localAddress(), false)) {
                String ack = pingAndAck(p, "- Handshake was completed", "gnutls-cli");
                awaitClientCertificate("CN=test client");
                return "client CN=test client; gnutls-cli verified us and got " + ack;
            }
        });
    }

    @Test
    void b05_gnuTlsClientRawPublicKeys() throws Exception {
        row("GnuTLS", TO_US, "raw public keys both ways, client key pinned", () -> {
            String pin = io.dtlskit.internal.Fingerprints.of(files.clientRaw.getPublic());
            try (DtlsServer s = ourServer(Credentials.rawPublicKey(files.serverRaw), ClientAuth.NEED,
                    PeerVerifier.pinnedKeys(List.of(pin)));
                 PeerProcess p = CertPrograms.gnuTlsClient(files, s.localAddress(), true)) {
                String ack = pingAndAck(p, "- Handshake was completed", "gnutls-cli");
                awaitClientCertificate(pin);
                return "client key " + pin + " pinned; gnutls-cli got " + ack;
            }
        });
    }

    @Test
    void b06_mbedTlsClientMutualX509() throws Exception {
        row("mbedTLS", TO_US, "X.509, client certificate required", () -> {
            try (DtlsServer s = ourServer(files.server(), ClientAuth.NEED, trustCa());
                 PeerProcess p = CertPrograms.mbedTlsClient(files, s.localAddress())) {
                p.awaitOutput("): ACK", Peers.STEP, "our ACK");
                awaitClientCertificate("CN=test client");
                int code = p.awaitExit(Peers.STEP, "after its exchange");
                assertThat(code).as(p.tail()).isZero();
                return "client CN=test client; ssl_client2 verified us (auth_mode=required) and got our ACK";
            }
        });
    }

    @Test
    void b07_scandiumClientX509() throws Exception {
        row("Scandium", TO_US, "X.509, client certificate required", () -> {
            try (DtlsServer s = ourServer(files.server(), ClientAuth.NEED, trustCa());
                 ScandiumCerts c = ScandiumCerts.x509Client(files)) {
                c.send(s.localAddress(), "I am Scandium, please, accept our ping 0");
                String ack = c.await(t -> t.endsWith("): ACK"), Peers.STEP, "our ACK");
                awaitClientCertificate("CN=test client");
                return "client CN=test client; Scandium got " + ack;
            }
        });
    }

    @Test
    void b08_scandiumClientRawPublicKeys() throws Exception {
        row("Scandium", TO_US, "raw public keys both ways, client key pinned", () -> {
            String pin = io.dtlskit.internal.Fingerprints.of(files.clientRaw.getPublic());
            try (DtlsServer s = ourServer(Credentials.rawPublicKey(files.serverRaw), ClientAuth.NEED,
                    PeerVerifier.pinnedKeys(List.of(pin)));
                 ScandiumCerts c = ScandiumCerts.rawClient(files)) {
                c.send(s.localAddress(), "I am Scandium, please, accept our ping 0");
                String ack = c.await(t -> t.endsWith("): ACK"), Peers.STEP, "our ACK");
                awaitClientCertificate(pin);
                return "client key pinned; Scandium got " + ack;
            }
        });
    }

    @AfterAll
    static void writeTable() throws Exception {
        CertRows.write(EXPECTED_ROWS);
        files.delete();
    }
}
