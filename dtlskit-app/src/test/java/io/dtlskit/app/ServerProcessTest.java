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
}
