package io.dtlskit.interop;

import io.dtlskit.AssociationEvent;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.EventLog;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.UdpRelay;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9146 Connection ID and session resumption against other stacks, both directions where the peer
 * can: Scandium in-process (CID and resumption), OpenSSL 3.0 (resumption). Peers whose shipped version
 * has no RFC 9146 are n/a, and each test proves why: what the peer put on the wire, and what its
 * build says.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CidResumptionInteropTest {
    static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
    static final Duration STEP = Peers.STEP;

    private static DtlsClient client() {
        return DtlsClient.builder().pskKey(PskKey.ofHex(Peers.KEY_HEX)).cipherSuites(List.of(SUITE)).cid(true)
                .resume(true).keepAlive(Qt.PINGER, Duration.ofMillis(100)).handshakeTimeout(STEP).build();
    }

    private static DtlsServer server(RecordingServerListener events) throws Exception {
        return Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(Peers.KEY_HEX)).identityHint(Peers.HINT)
                .cipherSuites(List.of(SUITE)).handshakeTimeout(STEP).cid(true).listener(events).start();
    }

    private static long count(RecordingListener events, Class<?> kind) {
        return events.snapshot().stream().filter(kind::isInstance).count();
    }

    // ------------------------------------------------------------------ Scandium

    /** Scandium server with 6-byte CIDs and its session cache; our client moves and then resumes. */
    @Test
    void scandiumServerFollowsOurClientAndResumesItsSession() throws Exception {
        EventLog<RawData> received = new EventLog<>();
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey(Peers.IDENTITY, HexFormat.of().parseHex(Peers.KEY_HEX));
        DTLSConnector scandium = new DTLSConnector(Scandium.config(DtlsConfig.DtlsRole.SERVER_ONLY, SUITE, Peers.loopback(0))
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6).setAdvancedPskStore(psk).build());
        scandium.setRawDataReceiver(data -> {
            received.add(data);
            scandium.send(RawData.outbound(data.getBytes(), data.getEndpointContext(), null, false)); // echo
        });
        scandium.start();
        RecordingListener events = new RecordingListener();
        try (DtlsClient client = client()) {
            DtlsAssociation a = client.association(scandium.getAddress()).name(Peers.IDENTITY).listener(events).connect();
            HandshakeResult first = a.handshake().get(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(first.connectionId()).as("Scandium's CID for us").isNotNull().hasSize(12);
            RawData ping = received.await(d -> true, STEP, "our first ping at Scandium");
            assertThat(ping.getEndpointContext().get(DtlsEndpointContext.KEY_READ_CONNECTION_ID).getAsString())
                    .as("the CID Scandium reads in our records").isEqualToIgnoringCase(first.connectionId());

            InetSocketAddress moved = a.rebind();

            RawData after = received.await(d -> d.getInetSocketAddress().equals(moved), STEP,
                    "a ping from our new port at Scandium");
            assertThat(after.getEndpointContext().get(DtlsEndpointContext.KEY_PREVIOUS_ADDRESS))
                    .as("Scandium saw the address change").isNotNull();
            long replies = count(events, AssociationEvent.ServerResponse.class);
            events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, (int) replies + 2, STEP,
                    "Scandium's echoes at our new port");
            assertThat(events.snapshot()).filteredOn(e -> e instanceof AssociationEvent.HandshakeCompleted).hasSize(1);
            a.close();
            a.terminated().get(STEP.toSeconds(), TimeUnit.SECONDS);

            DtlsAssociation b = client.association(scandium.getAddress()).name(Peers.IDENTITY).listener(events).connect();
            HandshakeResult second = b.handshake().get(STEP.toSeconds(), TimeUnit.SECONDS);
            assertThat(second.resumed()).as("Scandium resumed our session").isTrue();
            b.close();
        } finally {
            scandium.destroy();
        }
    }

    /** Scandium client (CID-capable) through a relay that moves it; then it resumes by force. */
    @Test
    void scandiumClientMovesAndResumesWithOurServer() throws Exception {
        RecordingServerListener serverEvents = new RecordingServerListener();
        EventLog<String> replies = new EventLog<>();
        List<byte[]> helloExtensions = new CopyOnWriteArrayList<>();
        try (DtlsServer server = server(serverEvents);
             UdpRelay relay = new UdpRelay(server.localAddress(), 9146)) {
            relay.tap((direction, c, d) -> {
                if (direction == UdpRelay.Direction.TO_SERVER && ClientHellos.extensionTypes(d) != null) {
                    helloExtensions.add(d);
                }
            });
            DTLSConnector scandium = new DTLSConnector(Scandium.config(DtlsConfig.DtlsRole.CLIENT_ONLY, SUITE,
                    Peers.loopback(0)).set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(Peers.IDENTITY, HexFormat.of().parseHex(Peers.KEY_HEX)))
                    .build());
            scandium.setRawDataReceiver(data -> replies.add(new String(data.getBytes(), StandardCharsets.ISO_8859_1)));
            scandium.start();
            try {
                InetSocketAddress target = relay.address();
                send(scandium, target, "scandium ping 0");
                serverEvents.await(e -> e instanceof ServerEvent.MessageReceived, STEP, "Scandium's ping at our server");
                replies.await(t -> t.endsWith("): ACK"), STEP, "our ACK at Scandium");
                assertThat(ClientHellos.extensionTypes(helloExtensions.getLast())).as("Scandium offers RFC 9146")
                        .contains(ClientHellos.CONNECTION_ID);

                InetSocketAddress moved = relay.rebind(scandium.getAddress());
                // Longer than our ACK: until the new address answers, our server sends it no more than it
                // received from it (RFC 9146 §6), and "scandium ping 1" alone would not pay for the ACK.
                send(scandium, target, "scandium ping 1, now from a new port");

                var move = (ServerEvent.PeerMoved) serverEvents.await(e -> e instanceof ServerEvent.PeerMoved, STEP,
                        "our server following Scandium");
                assertThat(move.peer()).isEqualTo(moved);
                replies.await(t -> t.endsWith(":" + moved.getPort() + "): ACK"), STEP, "our ACK at the new address");
                assertThat(server.stats().handshakesCompleted()).isEqualTo(1);

                scandium.forceResumeSessionFor(target);
                send(scandium, target, "scandium ping 2");
                var resumed = (ServerEvent.SessionResumed) serverEvents.await(e -> e instanceof ServerEvent.SessionResumed,
                        STEP, "Scandium resuming its session at our server");
                assertThat(resumed.identity()).isEqualTo(Peers.IDENTITY);
                serverEvents.awaitCount(e -> e instanceof ServerEvent.MessageReceived, 3, STEP, "the ping after resuming");
            } finally {
                scandium.destroy();
            }
        }
    }

    private static void send(DTLSConnector connector, InetSocketAddress to, String text) {
        connector.send(RawData.outbound(text.getBytes(StandardCharsets.ISO_8859_1), new AddressEndpointContext(to), null,
                false));
    }

    // ------------------------------------------------------------------ OpenSSL 3.0: resumption; no CID

    private static void requireOpenSsl() {
        Peers.require("openssl");
    }

    /** s_client saves its session, then resumes it against our server; our CID offer is not taken up. */
    @Test
    void openSslClientResumesWithOurServerAndOffersNoCid() throws Exception {
        requireOpenSsl();
        Path session = Files.createTempFile("dtlskit-openssl-session", ".pem");
        RecordingServerListener serverEvents = new RecordingServerListener();
        List<List<Integer>> hellos = new CopyOnWriteArrayList<>();
        try (DtlsServer server = server(serverEvents);
             UdpRelay relay = new UdpRelay(server.localAddress(), 30)) {
            relay.tap((direction, c, d) -> {
                List<Integer> types = direction == UdpRelay.Direction.TO_SERVER ? ClientHellos.extensionTypes(d) : null;
                if (types != null) {
                    hellos.add(types);
                }
            });
            String connect = "127.0.0.1:" + relay.address().getPort();
            try (PeerProcess first = sClient(connect, "-sess_out", session)) {
                serverEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, STEP, "s_client's first handshake");
                first.awaitOutput("New, TLSv1.2", STEP, "a new session");
                first.closeStdin(); // s_client sends close_notify and exits
                first.awaitExit(STEP, "s_client's exit");
            }
            try (PeerProcess second = sClient(connect, "-sess_in", session)) {
                second.awaitOutput("Reused, TLSv1.2", STEP, "s_client reusing its session");
                var resumed = (ServerEvent.SessionResumed) serverEvents.await(e -> e instanceof ServerEvent.SessionResumed,
                        STEP, "our server resuming s_client's session");
                assertThat(resumed.identity()).isEqualTo(Peers.IDENTITY);
                second.closeStdin();
                second.awaitExit(STEP, "s_client's exit");
            }
            assertThat(hellos).as("s_client's ClientHellos").isNotEmpty()
                    .allSatisfy(types -> assertThat(types).doesNotContain(ClientHellos.CONNECTION_ID));
        } finally {
            Files.deleteIfExists(session);
        }
    }

    private static PeerProcess sClient(String connect, String sessionOption, Path session) throws Exception {
        return PeerProcess.start("openssl s_client", List.of("openssl", "s_client", "-dtls1_2", "-connect", connect,
                "-psk", Peers.KEY_HEX, "-psk_identity", Peers.IDENTITY, "-cipher", SUITE.openSslName(),
                sessionOption, session.toString()), null);
    }

    /** Our client resumes with s_server; s_server ignores our RFC 9146 offer (OpenSSL 3.0 has no CID). */
    @Test
    void ourClientResumesWithOpenSslServerWhichIgnoresOurCidOffer() throws Exception {
        requireOpenSsl();
        String version = Peers.firstLine(List.of("openssl", "version"));
        assertThat(version).as("the OpenSSL this n/a row is about").startsWith("OpenSSL 3.0");
        int port = Peers.freeUdpPort();
        RecordingListener events = new RecordingListener();
        try (PeerProcess sServer = PeerProcess.start("openssl s_server", List.of("openssl", "s_server", "-dtls1_2",
                "-nocert", "-psk", Peers.KEY_HEX, "-psk_hint", Peers.HINT, "-cipher", SUITE.openSslName(),
                "-accept", "127.0.0.1:" + port), null);
             DtlsClient client = DtlsClient.builder().pskKey(PskKey.ofHex(Peers.KEY_HEX)).cipherSuites(List.of(SUITE))
                     .cid(true).resume(true).handshakeTimeout(STEP).build()) {
            sServer.awaitOutput("ACCEPT", Peers.READY, "its ready line");
            HandshakeResult first = once(client, port, events);
            assertThat(first.connectionId()).as("OpenSSL 3.0 answered our connection_id offer with none").isNull();
            sServer.awaitOutput("DONE", STEP, "the end of the first connection");
            HandshakeResult second = once(client, port, events);
            assertThat(second.resumed()).as("s_server resumed our session").isTrue();
        }
    }

    private static HandshakeResult once(DtlsClient client, int port, RecordingListener events) throws Exception {
        DtlsAssociation a = client.association(Peers.loopback(port)).name(Peers.IDENTITY).listener(events).connect();
        HandshakeResult r = a.handshake().get(STEP.toSeconds(), TimeUnit.SECONDS);
        a.close();
        a.terminated().get(STEP.toSeconds(), TimeUnit.SECONDS);
        return r;
    }

    // ------------------------------------------------------------------ GnuTLS 3.7: no RFC 9146

    /** GnuTLS 3.7 has no Connection ID: it answers our offer with none and offers none itself (checked). */
    @Test
    void gnuTls37HasNoRfc9146() throws Exception {
        assertThat(Peers.firstLine(List.of(Peers.require("gnutls-cli").toString(), "--version")))
                .as("the GnuTLS this n/a row is about").startsWith("gnutls-cli 3.7");
        RecordingListener events = new RecordingListener();
        try (GnuTlsServer gnutls = new GnuTlsServer();
             DtlsClient client = DtlsClient.builder().pskKey(PskKey.ofHex(Peers.KEY_HEX)).cipherSuites(List.of(SUITE))
                     .cid(true).handshakeTimeout(STEP).build()) {
            InetSocketAddress address = gnutls.start(SUITE);
            HandshakeResult r = once(client, address.getPort(), events);
            assertThat(r.connectionId()).as("gnutls-serv answered our connection_id offer with none").isNull();
        }
        RecordingServerListener serverEvents = new RecordingServerListener();
        List<List<Integer>> hellos = new CopyOnWriteArrayList<>();
        try (DtlsServer server = server(serverEvents);
             UdpRelay relay = new UdpRelay(server.localAddress(), 37)) {
            relay.tap((direction, c, d) -> {
                List<Integer> types = direction == UdpRelay.Direction.TO_SERVER ? ClientHellos.extensionTypes(d) : null;
                if (types != null) {
                    hellos.add(types);
                }
            });
            try (GnuTlsClient gnutls = new GnuTlsClient()) {
                gnutls.start(relay.address(), SUITE, Peers.KEY_HEX);
                serverEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, STEP, "gnutls-cli's handshake");
            }
        }
        assertThat(hellos).as("gnutls-cli's ClientHellos").isNotEmpty()
                .allSatisfy(types -> assertThat(types).doesNotContain(ClientHellos.CONNECTION_ID));
    }

    // ------------------------------------------------------------------ mbedTLS 2.28: no RFC 9146

    /**
     * mbedTLS 2.28 implements only a draft of RFC 9146, under extension number 254, and only when built
     * with MBEDTLS_SSL_DTLS_CONNECTION_ID (experimental in 2.x). The row is n/a; here is the proof: the
     * header it was built from, its test program's options, and the wire, both directions.
     */
    @Test
    void mbedTls228HasNoRfc9146() throws Exception {
        Path server2 = Peers.require("ssl_server2");
        Path client2 = Peers.require("ssl_client2");
        Path header = server2.getParent().getParent().getParent().resolve("include/mbedtls/ssl.h");
        assertThat(Files.readString(header)).as("mbedTLS 2.28's CID extension number (a draft's, not RFC 9146's 54)")
                .containsPattern("#define MBEDTLS_TLS_EXT_CID\\s+254");
        String usage = String.join("\n", usageOf(client2));
        assertThat(usage).as("ssl_client2 built without MBEDTLS_SSL_DTLS_CONNECTION_ID has no cid option")
                .doesNotContain("cid=");

        // Our client offers RFC 9146 to ssl_server2: it completes without a CID.
        int port = Peers.freeUdpPort();
        RecordingListener events = new RecordingListener();
        try (PeerProcess mbed = PeerProcess.start("mbedTLS ssl_server2", List.of(server2.toString(), "dtls=1",
                "server_addr=127.0.0.1", "server_port=" + port, "psk=" + Peers.KEY_HEX, "psk_identity=" + Peers.IDENTITY,
                "crt_file=none", "key_file=none", "crt_file2=none", "key_file2=none",
                "force_ciphersuite=" + Peers.mbedTlsName(SUITE), "exchanges=100"), null);
             DtlsClient client = DtlsClient.builder().pskKey(PskKey.ofHex(Peers.KEY_HEX)).cipherSuites(List.of(SUITE))
                     .cid(true).handshakeTimeout(STEP).build()) {
            mbed.awaitOutput("Waiting for a remote connection", Peers.READY, "its ready text");
            HandshakeResult r = once(client, port, events);
            assertThat(r.connectionId()).as("ssl_server2 answered our connection_id offer with none").isNull();
        }

        // ssl_client2 towards our CID server: its ClientHello carries neither 54 nor the draft's 254.
        RecordingServerListener serverEvents = new RecordingServerListener();
        List<List<Integer>> hellos = new CopyOnWriteArrayList<>();
        try (DtlsServer server = server(serverEvents);
             UdpRelay relay = new UdpRelay(server.localAddress(), 228)) {
            relay.tap((direction, c, d) -> {
                List<Integer> types = direction == UdpRelay.Direction.TO_SERVER ? ClientHellos.extensionTypes(d) : null;
                if (types != null) {
                    hellos.add(types);
                }
            });
            try (PeerProcess mbed = PeerProcess.start("mbedTLS ssl_client2", List.of(client2.toString(), "dtls=1",
                    "server_addr=127.0.0.1", "server_port=" + relay.address().getPort(), "psk=" + Peers.KEY_HEX,
                    "psk_identity=" + Peers.IDENTITY, "crt_file=none", "key_file=none", "ca_file=none",
                    "force_ciphersuite=" + Peers.mbedTlsName(SUITE)), null)) {
                serverEvents.await(e -> e instanceof ServerEvent.PeerEncrypted, STEP, "ssl_client2's handshake");
            }
        }
        assertThat(hellos).as("ssl_client2's ClientHellos").isNotEmpty().allSatisfy(types -> assertThat(types)
                .doesNotContain(ClientHellos.CONNECTION_ID, ClientHellos.DRAFT_CONNECTION_ID));
    }

    private static List<String> usageOf(Path program) throws Exception {
        Process p = new ProcessBuilder(program.toString(), "help").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readNBytes(256 * 1024), StandardCharsets.ISO_8859_1);
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out.lines().toList();
    }
}
