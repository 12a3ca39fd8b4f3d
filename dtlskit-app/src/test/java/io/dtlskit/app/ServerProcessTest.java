package io.dtlskit.app;

import io.dtlskit.testing.Qt;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.AssociationEvent;
import io.dtlskit.testing.PeerProcess;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** `dtlskit server` as a real process: serves, and on SIGTERM sends close_notify to its clients. */
class ServerProcessTest {
    @Test
    void serverRunsUntilTerminatedThenClosesEveryClient() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        try (PeerProcess server = PeerProcess.start("dtlskit server", List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "server", "--bind", "127.0.0.1:0",
                "--color", "never"));
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(200)).build()) {
            server.awaitOutput("Server is listening on address 127.0.0.1 and port ", Duration.ofSeconds(20));
            server.awaitOutput("\n", Duration.ofSeconds(5));
            Matcher m = Pattern.compile("and port (\\d+)").matcher(server.output());
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));
            RecordingListener events = new RecordingListener();
            DtlsAssociation a = client.association(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .listener(events).connect();
            a.handshake().get(20, TimeUnit.SECONDS);
            events.await(e -> e instanceof AssociationEvent.ServerResponse, Duration.ofSeconds(20), "an ACK");
            server.close(); // SIGTERM: the shutdown hook sends close_notify before the JVM exits
            var alert = events.await(e -> e instanceof AssociationEvent.AlertReceived, Duration.ofSeconds(20), "close_notify");
            assertThat(alert.message()).endsWith(": shutdown alert received");
            server.awaitOutput("Server shut down, close_notify sent to 1 peer(s)", Duration.ofSeconds(10));
        }
    }

    @Test
    void echoServerWithAKeyStoreAnswersTheStdinClient(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path keys = dir.resolve("keys.txt");
        java.nio.file.Files.writeString(keys, "meter-1:0a0b0c0d\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        try (PeerProcess server = PeerProcess.start("dtlskit server --reply echo", List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "server", "--bind", "127.0.0.1:0",
                "--reply", "echo", "--psk-store", keys.toString(), "--color", "never"))) {
            server.awaitOutput("Server is listening on address 127.0.0.1 and port ", Duration.ofSeconds(20));
            server.awaitOutput("\n", Duration.ofSeconds(5));
            Matcher m = Pattern.compile("and port (\\d+)").matcher(server.output());
            assertThat(m.find()).isTrue();
            String addr = "127.0.0.1:" + m.group(1);
            CliTest.Run ok = CliTest.runWithInput("reading 42\n", "client", "--server", addr, "--stdin",
                    "--psk-identity", "meter-1", "--psk-key", "0a0b0c0d", "--color", "never");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.outLines()).containsExactly("reading 42");
            CliTest.Run unknown = CliTest.runWithInput("x\n", "client", "--server", addr, "--stdin",
                    "--psk-identity", "meter-2", "--psk-key", "0a0b0c0d", "--handshake-timeout", "3s", "--color", "never");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("server sent fatal alert unknown_psk_identity");
        }
    }
}
