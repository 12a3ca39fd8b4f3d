package io.dtlskit.app;

import io.dtlskit.DtlsServer;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code client --cid --rebind-every} and {@code client --resume --reconnect}, in-process. */
class CidResumeCliTest {
    DtlsServer server;
    String serverArg;
    ResourceCheck resources;

    @BeforeEach
    void startServer() throws Exception {
        resources = ResourceCheck.baseline();
        // Idle associations are closed after 400 ms (sessions stay cached): the client's reconnect resumes.
        server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).cid(true)
                .idleTimeout(Duration.ofMillis(400)).start();
        serverArg = "127.0.0.1:" + server.localAddress().getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    @Test
    void rebindingWithCidKeepsTheAssociation() {
        CliTest.Run r = CliTest.run("client", "--server", serverArg, "--cid", "--rebind-every", "250ms", "--pings", "8",
                "--ping-interval", "100ms", "--color", "never");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("connection ID ").contains("(the connection ID keeps the association)");
        assertThat(r.out().lines().filter(l -> l.contains("encrypted connection established!")).count())
                .as("one handshake only").isEqualTo(1);
        assertThat(server.stats().handshakesCompleted()).isEqualTo(1);
    }

    @Test
    void resumeMakesTheReconnectionAbbreviatedAndTheSummaryShowsBothTimes() {
        CliTest.Run r = CliTest.run("client", "--server", serverArg, "--resume", "--reconnect", "--pings", "2",
                "--ping-interval", "1500ms", "--color", "never");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("full handshake (no session to resume").contains("session resumed (abbreviated handshake");
        String header = r.out().lines().filter(l -> l.startsWith("association")).findFirst().orElseThrow();
        assertThat(header).contains("handshake").contains("resumed");
    }

    @Test
    void badValuesAreOneLineAndExitTwo() {
        CliTest.Run bad = CliTest.run("client", "--server", serverArg, "--rebind-every", "0s");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("dtlskit: --rebind-every must be positive");
        CliTest.Run cid = CliTest.run("server", "--bind", "127.0.0.1:0", "--cid", "40");
        assertThat(cid.exit()).isEqualTo(2);
        assertThat(cid.err().strip()).isEqualTo("dtlskit: --cid LENGTH must be 1 to 32 bytes, was 40");
    }
}
