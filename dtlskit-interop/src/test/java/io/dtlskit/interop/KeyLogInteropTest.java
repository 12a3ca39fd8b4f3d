package io.dtlskit.interop;

import io.dtlskit.AssociationEvent;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.interop.PeerServer.Expected;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.dtlskit.interop.InteropRun.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop matrix: tshark decrypts a captured session with the NSS key log our client or server wrote.
 * See {@link InteropRun}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyLogInteropTest extends MatrixClass {
    // ------------------------------------------------------------------ key log

    @Order(5)
    @Test
    void keyLogOfOurClientDecryptsCapturedSession() throws Throwable {
        CipherSuite suite = CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256;
        String row = "dtlskit client (keyLog) ↔ OpenSSL s_server, " + suite;
        Path dir = Files.createTempDirectory("dtlskit-keylog");
        Path keyLog = dir.resolve("client.keylog");
        try (OpenSslServer server = new OpenSslServer()) {
            keyLogCell(row, () -> {
                var address = server.start(suite);
                try (Capture capture = Capture.start(address.getPort(), dir.resolve("client.pcapng"))) {
                    RecordingListener events = new RecordingListener();
                    try (DtlsClient client = Qt.client().pskKey(PskKey.ofHex(Peers.KEY_HEX))
                            .cipherSuites(List.of(suite)).keepAlive(Qt.PINGER, Duration.ofMillis(50)).maxPings(1)
                            .handshakeTimeout(Peers.STEP).keyLog(keyLog).build()) {
                        DtlsAssociation a = client.association(address).name(Peers.IDENTITY).listener(events).connect();
                        handshake(a, events);
                        var ping = (AssociationEvent.PingSent) events.await(e -> e instanceof AssociationEvent.PingSent,
                                Peers.STEP, "ping 0 sent");
                        server.awaitReceived(ping.text(), Peers.STEP);
                        a.close();
                        a.terminated().get(Peers.STEP.toSeconds(), TimeUnit.SECONDS);
                    }
                    capture.awaitPacket("Encrypted Alert", Peers.STEP); // our close_notify is in the file
                    capture.stop();
                    String keyLines = Files.readString(keyLog);
                    assertThat(keyLines).as("NSS key log").startsWith("CLIENT_RANDOM ");
                    List<String> texts = capture.decrypt(keyLog);
                    assertThat(texts).as(() -> "application data tshark decrypted with our key log; the key log:\n"
                                    + keyLines.lines().map(l -> l.substring(0, Math.min(l.length(), 78)) + "...").toList()
                                    + "\nthe capture:\n" + capture.summary())
                            .contains("I am " + Peers.IDENTITY + ", please, accept our ping 0");
                    return "tshark showed the ping text: \"I am " + Peers.IDENTITY + ", please, accept our ping 0\"";
                }
            });
        } finally {
            deleteTree(dir);
        }
    }

    @Order(6)
    @Test
    void keyLogOfOurServerDecryptsCapturedSession() throws Throwable {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256;
        String row = "OpenSSL s_client ↔ dtlskit server (keyLog), " + suite;
        Path dir = Files.createTempDirectory("dtlskit-keylog");
        Path keyLog = dir.resolve("server.keylog");
        try (OpenSslClient peer = new OpenSslClient()) {
            keyLogCell(row, () -> {
                RecordingServerListener events = new RecordingServerListener();
                try (DtlsServer server = Qt.server().bind(Peers.loopback(0)).pskKey(PskKey.ofHex(Peers.KEY_HEX))
                        .cipherSuites(List.of(suite)).keyLog(keyLog).listener(events).start();
                     Capture capture = Capture.start(server.localAddress().getPort(), dir.resolve("server.pcapng"))) {
                    peer.start(server.localAddress(), suite);
                    Expected sent = peer.sendPing(0);
                    events.await(e -> e instanceof ServerEvent.MessageReceived m && sent.test().test(m.plaintextText()),
                            Peers.STEP, "the ping at our server");
                    peer.awaitReply(0, Peers.STEP);
                    peer.closeNotify();
                    events.await(e -> e instanceof ServerEvent.PeerClosed, Peers.STEP, "close_notify at our server");
                    capture.awaitPacket("Encrypted Alert", Peers.STEP); // the peer's close_notify is in the file
                    capture.stop();
                    String keyLines = Files.readString(keyLog);
                    assertThat(keyLines).as("NSS key log").startsWith("CLIENT_RANDOM ");
                    List<String> texts = capture.decrypt(keyLog);
                    String ping = PeerClient.ping("openssl s_client", 0);
                    assertThat(texts).as(() -> "application data tshark decrypted with our key log; the key log:\n"
                                    + keyLines.lines().map(l -> l.substring(0, Math.min(l.length(), 78)) + "...").toList()
                                    + "\nthe capture:\n" + capture.summary())
                            .anyMatch(t -> t.startsWith(ping))
                            .anyMatch(t -> t.endsWith("): ACK"));
                    return "tshark showed \"" + ping + "\" and our \"to (127.0.0.1:…): ACK\"";
                }
            });
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Boolean.getBoolean("interop.keep")) { // -DargLine=-Dinterop.keep=true keeps capture and key log
            System.err.println("kept " + dir);
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
