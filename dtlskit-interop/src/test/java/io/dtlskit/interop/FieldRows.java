package io.dtlskit.interop;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.internal.HelloFragments;
import io.dtlskit.internal.Records;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.UdpRelay;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows that run each peer as its users run it (issue 10): the peer with its default cipher list and
 * options, and dtlskit with its defaults, both directions; plus the field cases the one-suite cells
 * cannot show (OpenSSL's {@code -bugs}, GnuTLS without RFC 5746, a fragmented ClientHello, a server
 * without HelloVerifyRequest, a server that picks our last suite, renegotiation from either side). Each
 * row carries the peer's command line as run ({@code P} is the port, {@code PSKFILE} GnuTLS' key file).
 * Every datagram passes a relay on 127.0.0.1 whose tap shows what happened on the wire.
 */
final class FieldRows {
    private FieldRows() {
    }

    interface Scenario {
        String run() throws Exception;
    }

    record Row(String peer, String direction, String command, Scenario scenario) {
        @Override
        public String toString() {
            return (direction.equals(Matrix.CLIENT_TO_PEER) ? "dtlskit client -> " : "") + peer + " "
                    + command + (direction.equals(Matrix.PEER_TO_SERVER) ? " -> dtlskit server" : "");
        }
    }

    /** What the relay saw: ClientHello fragments and HelloVerifyRequests. */
    static final class Wire {
        final AtomicInteger helloFragments = new AtomicInteger();
        final AtomicInteger helloVerifyRequests = new AtomicInteger();

        void tap(UdpRelay.Direction direction, byte[] d) {
            if (direction == UdpRelay.Direction.TO_SERVER && HelloFragments.isFragment(d, d.length)) {
                helloFragments.incrementAndGet();
            }
            if (direction == UdpRelay.Direction.TO_CLIENT && d.length > Records.RECORD_HEADER + 1
                    && d[0] == Records.CONTENT_HANDSHAKE && d[3] == 0 && d[4] == 0 && d[Records.RECORD_HEADER] == 3) {
                helloVerifyRequests.incrementAndGet(); // hello_verify_request (RFC 6347 §4.2.1)
            }
        }
    }

    @FunctionalInterface
    interface ServerCheck {
        String check(RecordingServerListener events, PeerProcess peer, Wire wire) throws Exception;
    }

    @FunctionalInterface
    interface ClientCheck {
        String check(RecordingListener events, DtlsAssociation a, Wire wire) throws Exception;
    }

    static final String K = Peers.KEY_HEX;
    static final String ID = Peers.IDENTITY;
    static final String NORMAL = "NORMAL:+VERS-DTLS1.2:+PSK";
    static final String NO_5746 = NORMAL + ":%DISABLE_SAFE_RENEGOTIATION";

    static List<Row> all() {
        List<Row> rows = new ArrayList<>();
        String last = lastPskSuite().openSslName();
        // ---- dtlskit client (defaults) -> peer server
        rows.add(server("OpenSSL", Server.OPENSSL, List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:{P}",
                "-nocert", "-psk", K, "-psk_hint", Peers.HINT), (e, a, w) -> ""));
        rows.add(server("OpenSSL", Server.OPENSSL, List.of("openssl", "s_server", "-bugs", "-dtls1_2", "-accept",
                "127.0.0.1:{P}", "-nocert", "-psk", K, "-psk_hint", Peers.HINT), (e, a, w) -> ""));
        rows.add(server("OpenSSL", Server.OPENSSL, List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:{P}",
                "-nocert", "-psk", K, "-psk_hint", Peers.HINT, "-cipher", last), (e, a, w) -> {
                    assertThat(a.handshake().get().cipherSuite()).as("the suite we list last")
                            .isEqualTo(lastPskSuite().name());
                    return "the server chose the suite we list last";
                }));
        rows.add(server("GnuTLS", Server.GNUTLS, List.of("gnutls-serv", "--udp", "--echo", "-p", "{P}", "--pskpasswd",
                "{PSKFILE}", "--pskhint", Peers.HINT, "--priority", NORMAL), (e, a, w) -> ""));
        rows.add(server("GnuTLS", Server.GNUTLS, List.of("gnutls-serv", "--udp", "--echo", "-p", "{P}", "--pskpasswd",
                "{PSKFILE}", "--pskhint", Peers.HINT, "--priority", NO_5746), FieldRows::noSecureRenegotiationOnce));
        rows.add(server("mbedTLS", Server.MBEDTLS, List.of("ssl_server2", "dtls=1", "server_addr=127.0.0.1",
                "server_port={P}", "psk=" + K, "psk_identity=" + ID), (e, a, w) -> ""));
        rows.add(server("mbedTLS", Server.MBEDTLS, List.of("ssl_server2", "dtls=1", "server_addr=127.0.0.1",
                "server_port={P}", "psk=" + K, "psk_identity=" + ID, "cookies=0"), (e, a, w) -> {
                    assertThat(w.helloVerifyRequests.get()).as("HelloVerifyRequests on the wire").isZero();
                    return "no HelloVerifyRequest on the wire";
                }));
        rows.add(server("mbedTLS", Server.MBEDTLS, List.of("ssl_server2", "dtls=1", "server_addr=127.0.0.1",
                "server_port={P}", "psk=" + K, "psk_identity=" + ID, "renegotiation=1", "renegotiate=1", "exchanges=10"),
                FieldRows::refusedAndCarriedOn));
        rows.add(new Row("Scandium", Matrix.CLIENT_TO_PEER, "DTLSConnector, default configuration (PSK store only)",
                FieldRows::scandiumServer));
        rows.add(server("wolfSSL", Server.WOLFSSL, List.of(WolfSsl.PROGRAM, "server", "--host", "127.0.0.1", "--port",
                "{P}", "--identity", ID, "--key", K, "--hint", Peers.HINT), (e, a, w) -> {
                    // wolfSSL 5.5's DTLS 1.2 server always verifies the address (RFC 6347 §4.2.1).
                    int hvr = w.helloVerifyRequests.get(); // 1, or more if a ClientHello was retransmitted
                    assertThat(hvr).as("HelloVerifyRequests on the wire").isPositive();
                    return "HelloVerifyRequest on the wire (" + hvr + "; wolfSSL's default, which 5.5 cannot turn off)";
                }));
        // ---- peer client -> dtlskit server (defaults)
        rows.add(client("OpenSSL", Client.OPENSSL, List.of("openssl", "s_client", "-dtls1_2", "-connect",
                "127.0.0.1:{P}", "-psk", K, "-psk_identity", ID), (e, p, w) -> ""));
        rows.add(client("OpenSSL", Client.OPENSSL, List.of("openssl", "s_client", "-bugs", "-dtls1_2", "-connect",
                "127.0.0.1:{P}", "-psk", K, "-psk_identity", ID), (e, p, w) -> ""));
        rows.add(client("OpenSSL", Client.OPENSSL, List.of("openssl", "s_client", "-dtls1_2", "-mtu", "256", "-connect",
                "127.0.0.1:{P}", "-psk", K, "-psk_identity", ID), FieldRows::fragmented));
        rows.add(client("GnuTLS", Client.GNUTLS, List.of("gnutls-cli", "--udp", "-p", "{P}", "--pskusername", ID,
                "--pskkey", K, "--priority", NORMAL, "127.0.0.1"), (e, p, w) -> ""));
        rows.add(client("GnuTLS", Client.GNUTLS, List.of("gnutls-cli", "--udp", "-p", "{P}", "--pskusername", ID,
                "--pskkey", K, "--priority", NO_5746, "127.0.0.1"), FieldRows::noSecureRenegotiationOnce));
        rows.add(client("GnuTLS", Client.GNUTLS, List.of("gnutls-cli", "--udp", "--mtu", "200", "-p", "{P}",
                "--pskusername", ID, "--pskkey", K, "--priority", NORMAL, "127.0.0.1"), FieldRows::fragmented));
        rows.add(client("mbedTLS", Client.MBEDTLS, List.of("ssl_client2", "dtls=1", "server_addr=127.0.0.1",
                "server_port={P}", "psk=" + K, "psk_identity=" + ID, "exchanges=1"), (e, p, w) -> ""));
        rows.add(renegotiatingClient("OpenSSL", List.of("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:{P}",
                "-psk", K, "-psk_identity", ID), "R\n", "no renegotiation"));
        rows.add(renegotiatingClient("mbedTLS", List.of("ssl_client2", "dtls=1", "server_addr=127.0.0.1",
                "server_port={P}", "psk=" + K, "psk_identity=" + ID, "renegotiation=1", "renegotiate=1"), null,
                "Unexpected message at ServerHello in renegotiation"));
        rows.add(new Row("Scandium", Matrix.PEER_TO_SERVER, "DTLSConnector, default configuration (PSK store only)",
                FieldRows::scandiumClient));
        rows.add(client("wolfSSL", Client.WOLFSSL, List.of(WolfSsl.PROGRAM, "client", "--host", "127.0.0.1", "--port",
                "{P}", "--identity", ID, "--key", K), (e, p, w) -> {
                    p.awaitOutput("server identity hint: " + Peers.HINT, Peers.STEP, "our identity hint");
                    return "it received our identity hint";
                }));
        return rows;
    }

    // ------------------------------------------------------------------ peer client -> dtlskit server

    /** How a client program shows its handshake and sends: by stdin lines, or by itself (ssl_client2). */
    enum Client {
        OPENSSL("Cipher is ", true), GNUTLS("- Handshake was completed", true), MBEDTLS("[ Ciphersuite is ", false),
        WOLFSSL(WolfSsl.HANDSHAKE, true);

        final String handshakeLine;
        final boolean stdin;

        Client(String handshakeLine, boolean stdin) {
            this.handshakeLine = handshakeLine;
            this.stdin = stdin;
        }
    }

    private static Row client(String peer, Client kind, List<String> command, ServerCheck check) {
        return new Row(peer, Matrix.PEER_TO_SERVER, display(command), () -> {
            RecordingServerListener events = new RecordingServerListener();
            Wire wire = new Wire();
            try (DtlsServer server = ourServer(events);
                 UdpRelay relay = relay(server.localAddress(), wire);
                 PeerProcess p = PeerProcess.start(peer, resolve(command, relay.address().getPort(), null), null)) {
                var encrypted = (ServerEvent.PeerEncrypted) events.await(e -> e instanceof ServerEvent.PeerEncrypted,
                        Peers.STEP, "the peer's handshake at our server");
                int after = p.awaitOutput(kind.handshakeLine, Peers.STEP, "its handshake line");
                if (kind.stdin) {
                    p.write(PeerClient.ping(peer, 0) + "\n");
                }
                events.await(e -> e instanceof ServerEvent.MessageReceived, Peers.STEP, "its message at our server");
                p.awaitOutput("): ACK", after, Peers.STEP, "our ACK");
                if (kind.stdin) {
                    p.closeStdin(); // both send close_notify at the end of stdin
                }
                assertThat(p.awaitExit(Peers.STEP, "after its exchange")).as("its exit code").isZero();
                var closed = (ServerEvent.PeerClosed) events.await(e -> e instanceof ServerEvent.PeerClosed, Peers.STEP,
                        "its close_notify at our server");
                assertThat(closed.reason()).startsWith("shutdown alert received");
                return join(encrypted.cipherSuite(), check.check(events, p, wire));
            }
        });
    }

    /**
     * The peer renegotiates on its established association (OpenSSL: {@code R} on stdin; ssl_client2:
     * {@code renegotiate=1}). Our server refuses with a no_renegotiation warning and keeps the
     * association; what the peer then does is its own policy, shown in the row.
     */
    private static Row renegotiatingClient(String peer, List<String> command, String trigger, String peerReaction) {
        return new Row(peer, Matrix.PEER_TO_SERVER, display(command),
                () -> {
                    RecordingServerListener events = new RecordingServerListener();
                    Wire wire = new Wire();
                    try (DtlsServer server = ourServer(events);
                         UdpRelay relay = relay(server.localAddress(), wire);
                         PeerProcess p = PeerProcess.start(peer, resolve(command, relay.address().getPort(), null), null)) {
                        events.await(e -> e instanceof ServerEvent.PeerEncrypted, Peers.STEP, "the handshake");
                        if (trigger != null) {
                            p.awaitOutput("Cipher is ", Peers.STEP, "its handshake line");
                            p.write(trigger);
                        }
                        var refused = (ServerEvent.RenegotiationRefused) events.await(
                                e -> e instanceof ServerEvent.RenegotiationRefused, Peers.STEP, "our refusal");
                        assertThat(refused.alertSent()).as("no_renegotiation sent").isTrue();
                        p.awaitOutput(peerReaction, Peers.STEP, "its reaction to no_renegotiation");
                        assertThat(events.snapshot()).as("our server raised no error")
                                .noneMatch(e -> e instanceof ServerEvent.PeerFailed);
                        return (trigger == null ? "it renegotiates after the handshake" : "R typed on its stdin")
                                + ": our server refused with a no_renegotiation warning and kept the association; the "
                                + "peer then reports \"" + peerReaction + "\" and gives up (its policy for a refused "
                                + "renegotiation)";
                    }
                });
    }

    private static String scandiumClient() throws Exception {
        RecordingServerListener events = new RecordingServerListener();
        Wire wire = new Wire();
        try (DtlsServer server = ourServer(events);
             UdpRelay relay = relay(server.localAddress(), wire);
             ScandiumClient client = new ScandiumClient()) {
            client.start(relay.address(), null);
            client.sendPing(0);
            var encrypted = (ServerEvent.PeerEncrypted) events.await(e -> e instanceof ServerEvent.PeerEncrypted,
                    Peers.STEP, "Scandium's handshake at our server");
            client.awaitReply(0, Peers.STEP);
            client.closeNotify();
            events.await(e -> e instanceof ServerEvent.PeerClosed, Peers.STEP, "its close_notify at our server");
            return encrypted.cipherSuite();
        }
    }

    // ------------------------------------------------------------------ dtlskit client -> peer server

    /** How a server program shows it is ready, and how it answers a message. */
    enum Server {
        OPENSSL("ACCEPT"), GNUTLS(GnuTlsServer.READY), MBEDTLS("Waiting for a remote connection"),
        WOLFSSL(WolfSsl.READY);

        final String ready;

        Server(String ready) {
            this.ready = ready;
        }
    }

    private static Row server(String peer, Server kind, List<String> command, ClientCheck check) {
        return new Row(peer, Matrix.CLIENT_TO_PEER, display(command), () -> {
            Path pskFile = Files.createTempFile("dtlskit-gnutls-psk", ".txt");
            try {
                Files.writeString(pskFile, ID + ":" + K + "\n");
                PeerProcess p = null;
                int port = 0;
                for (int attempt = 0; attempt < 3 && p == null; attempt++) {
                    port = Peers.freeUdpPort();
                    PeerProcess started = PeerProcess.start(peer, resolve(command, port, pskFile), null);
                    try {
                        started.awaitOutput(kind.ready, Peers.READY, "its ready text");
                        p = started;
                    } catch (AssertionError e) {
                        started.close(); // most likely lost the port: try another
                        if (attempt == 2) {
                            throw e;
                        }
                    }
                }
                try (PeerProcess peerProcess = p) {
                    return ourClient(peer, kind, peerProcess, Peers.loopback(port), check);
                }
            } finally {
                Files.deleteIfExists(pskFile);
            }
        });
    }

    private static String ourClient(String peer, Server kind, PeerProcess p, InetSocketAddress address, ClientCheck check)
            throws Exception {
        Wire wire = new Wire();
        RecordingListener events = new RecordingListener();
        try (UdpRelay relay = relay(address, wire);
             DtlsClient client = Qt.client().pskKey(PskKey.ofHex(K)).keepAlive(Qt.PINGER, Duration.ofMillis(200))
                     .maxPings(3).handshakeTimeout(Peers.STEP).build()) {
            DtlsAssociation a = client.association(relay.address()).name(ID).listener(events).connect();
            HandshakeResult result;
            try {
                result = a.handshake().get(Peers.STEP.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("handshake failed: " + e.getCause().getMessage() + "; events:\n"
                        + String.join("\n", events.qtMessages(ID)) + "\npeer output:\n" + p.tail(), e.getCause());
            }
            if (kind == Server.OPENSSL) {
                p.awaitOutput(PeerClient.ping(ID, 0), Peers.STEP, "our ping");
                p.write("reply 0 from openssl s_server\n");
            }
            events.await(e -> e instanceof AssociationEvent.ServerResponse, Peers.STEP, "the peer's reply");
            String extra = check.check(events, a, wire);
            a.close();
            assertThat(a.terminated().get(Peers.STEP.toSeconds(), TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
            return join(result.cipherSuite(), extra);
        }
    }

    private static String scandiumServer() throws Exception {
        Wire wire = new Wire();
        RecordingListener events = new RecordingListener();
        try (ScandiumServer server = new ScandiumServer()) {
            InetSocketAddress address = server.start(null);
            try (UdpRelay relay = relay(address, wire);
                 DtlsClient client = Qt.client().pskKey(PskKey.ofHex(K)).keepAlive(Qt.PINGER, Duration.ofMillis(200))
                         .maxPings(1).handshakeTimeout(Peers.STEP).build()) {
                DtlsAssociation a = client.association(relay.address()).name(ID).listener(events).connect();
                HandshakeResult result = a.handshake().get(Peers.STEP.toSeconds() + 5, TimeUnit.SECONDS);
                events.await(e -> e instanceof AssociationEvent.ServerResponse, Peers.STEP, "Scandium's echo");
                a.close();
                server.awaitClosed(Peers.STEP);
                return result.cipherSuite();
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private static String noSecureRenegotiationOnce(RecordingServerListener events, PeerProcess p, Wire wire) {
        assertThat(events.snapshot()).as("one info event: no RFC 5746")
                .filteredOn(e -> e instanceof ServerEvent.NoSecureRenegotiation).hasSize(1);
        return "accepted without RFC 5746, reported once: \"" + events.snapshot().stream()
                .filter(e -> e instanceof ServerEvent.NoSecureRenegotiation).findFirst().orElseThrow().message() + "\"";
    }

    private static String noSecureRenegotiationOnce(RecordingListener events, DtlsAssociation a, Wire wire) {
        assertThat(events.snapshot()).as("one info event: no RFC 5746")
                .filteredOn(e -> e instanceof AssociationEvent.NoSecureRenegotiation).hasSize(1);
        return "accepted without RFC 5746, reported once: \"" + events.snapshot().stream()
                .filter(e -> e instanceof AssociationEvent.NoSecureRenegotiation).findFirst().orElseThrow().message() + "\"";
    }

    private static String fragmented(RecordingServerListener events, PeerProcess p, Wire wire) {
        assertThat(wire.helloFragments.get()).as("ClientHello fragments on the wire").isGreaterThan(1);
        return "its two ClientHellos (before and after the cookie) arrived as " + wire.helloFragments.get()
                + " fragments in all";
    }

    /** The server sent HelloRequest; we refused and the pings go on being answered. */
    private static String refusedAndCarriedOn(RecordingListener events, DtlsAssociation a, Wire wire) {
        var refused = (AssociationEvent.RenegotiationRefused) events.await(
                e -> e instanceof AssociationEvent.RenegotiationRefused, Peers.STEP, "our refusal of its HelloRequest");
        assertThat(refused.alertSent()).as("no_renegotiation sent").isTrue();
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 3, Peers.STEP, "three replies");
        return "HelloRequest refused with a no_renegotiation warning; all 3 pings answered afterwards";
    }

    // ------------------------------------------------------------------ helpers

    /** The last suite our client offers with a PSK (the certificate suites after it need certificates). */
    static CipherSuite lastPskSuite() {
        return CipherSuite.defaults().stream().filter(s -> s.name().contains("_PSK_")).reduce((a, b) -> b).orElseThrow();
    }

    /** dtlskit's server as a user starts it: defaults, with Qt's key, hint and ACK reply. */
    private static DtlsServer ourServer(RecordingServerListener events) throws java.io.IOException {
        return Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(K)).identityHint(Peers.HINT)
                .handshakeTimeout(Peers.STEP).listener(events).start();
    }

    private static UdpRelay relay(InetSocketAddress target, Wire wire) throws java.io.IOException {
        UdpRelay relay = new UdpRelay(target, 10);
        relay.tap((direction, client, d) -> wire.tap(direction, d));
        return relay;
    }

    /** The command with the port, the key file and the program path filled in. */
    private static List<String> resolve(List<String> command, int port, Path pskFile) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String s = command.get(i).replace("{P}", String.valueOf(port));
            if (pskFile != null) {
                s = s.replace("{PSKFILE}", pskFile.toString());
            }
            out.add(i == 0 ? Peers.require(s).toString() : s);
        }
        return out;
    }

    /** The command as a user types it: {@code P} for the port, quotes where a shell needs them. */
    static String display(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (String s : command) {
            String t = s.replace("{P}", "P").replace("{PSKFILE}", "PSKFILE");
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(t.matches("[A-Za-z0-9_./:=+,-]+") ? t : "'" + t + "'");
        }
        return b.toString();
    }

    private static String join(String suite, String extra) {
        return extra == null || extra.isBlank() ? suite : suite + "; " + extra;
    }
}
