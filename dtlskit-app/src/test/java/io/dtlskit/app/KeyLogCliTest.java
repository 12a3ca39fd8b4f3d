package io.dtlskit.app;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.dtlskit.app.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The key log holds session secrets (created 0600) and is a side feature (its failures stay on the side). */
class KeyLogCliTest {
    @Test
    void anExistingKeyLogThatOthersCanReadIsNarrowedToItsOwner(@TempDir Path dir) throws Exception {
        Path keyLog = dir.resolve("shared.log");
        Files.writeString(keyLog, "");
        Files.setPosixFilePermissions(keyLog, PosixFilePermissions.fromString("rw-r--r--"));
        try (DtlsServer server = loopbackServer().start()) {
            CliTest.Run r = run("client", "--server", "127.0.0.1:" + server.localAddress().getPort(), "--pings", "1",
                    "--ping-interval", "100ms", "--keylog", keyLog.toString(), "--color", "never");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyLog))).isEqualTo("rw-------");
        assertThat(Files.readString(keyLog)).startsWith("CLIENT_RANDOM ");
    }

    @Test
    void theKeyLogIsCreatedReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path keyLog = dir.resolve("keys.log");
        try (DtlsServer server = loopbackServer().start()) {
            CliTest.Run r = run("client", "--server", "127.0.0.1:" + server.localAddress().getPort(), "--pings", "1",
                    "--ping-interval", "100ms", "--keylog", keyLog.toString(), "--color", "never");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyLog))).isEqualTo("rw-------");
        assertThat(Files.readString(keyLog)).startsWith("CLIENT_RANDOM ");
        assertThat(run("client", "--help").out()).contains("0600");
        assertThat(run("server", "--help").out()).contains("0600");
    }

    @Test
    void aKeyLogThatCannotBeWrittenGivesOneWarningAndTheAssociationCarriesOn() throws Exception {
        try (DtlsServer server = loopbackServer().start()) {
            CliTest.Run r = run("client", "--server", "127.0.0.1:" + server.localAddress().getPort(), "-n", "2",
                    "--pings", "2", "--ping-interval", "100ms", "--keylog", "/dev/full", "--color", "never");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out().lines().filter(l -> l.contains("key log"))).singleElement().asString()
                    .contains("cannot write the key log /dev/full (No space left on device); key logging stopped");
            assertThat(r.out()).contains("encrypted connection established!").contains("): ACK");
        }
    }

    @Test
    void theServerWarnsOnceAboutAnUnwritableKeyLogAndCarriesOn() throws Exception {
        RecordingServerListener serverEvents = new RecordingServerListener();
        RecordingListener events = new RecordingListener();
        try (DtlsServer server = loopbackServer().keyLog(Paths.get("/dev/full")).listener(serverEvents).start();
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(100)).build()) {
            for (int i = 0; i < 2; i++) {
                DtlsAssociation a = client.connect(server.localAddress(), events);
                a.handshake().get(10, TimeUnit.SECONDS);
            }
            events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 2, Duration.ofSeconds(10), "replies");
            assertThat(serverEvents.snapshot().stream().filter(e -> e instanceof ServerEvent.Warning)
                    .map(ServerEvent::message)).containsExactly("cannot write the key log /dev/full (No space left on"
                    + " device); key logging stopped, the association carries on");
        }
    }

    @Test
    void aKeyLogPathThatCannotBeOpenedIsAUsageErrorWithTheOsReason() {
        CliTest.Run client = run("client", "--server", "127.0.0.1:9", "--keylog", "/nonexistent/dir/k.log");
        assertThat(client.exit()).isEqualTo(2);
        assertThat(client.err().strip())
                .isEqualTo("dtlskit: cannot open key log /nonexistent/dir/k.log: No such file or directory");
        CliTest.Run server = run("server", "--bind", "127.0.0.1:0", "--keylog", "/nonexistent/dir/k.log");
        assertThat(server.exit()).isEqualTo(2);
        assertThat(server.err().strip())
                .isEqualTo("dtlskit: cannot open key log /nonexistent/dir/k.log: No such file or directory");
        CliTest.Run notAFile = run("server", "--bind", "127.0.0.1:0", "--keylog", "/proc");
        assertThat(notAFile.exit()).isEqualTo(2);
        assertThat(notAFile.err().strip()).startsWith("dtlskit: cannot open key log /proc: ").doesNotEndWith("/proc");
    }

    private static DtlsServer.Builder loopbackServer() {
        return Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
}
