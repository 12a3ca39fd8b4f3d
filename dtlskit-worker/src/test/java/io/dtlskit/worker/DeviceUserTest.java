package io.dtlskit.worker;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerHandler;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** One device user against our server, without a master: what it counts, and the reasons it fails with. */
class DeviceUserTest extends LeakCheckedTest {
    private static final PskKey KEY = PskKey.ofHex("1a2b3c4d5e6f");
    private final RequestStats stats = new RequestStats(Clock.systemUTC());

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void handshakesEchoesAndHandshakesAgain() throws Exception {
        DtlsServer server = echoServer(CipherSuite.defaults());
        DeviceUser user = start(settings(server.localAddress(), KEY).echo(Duration.ofMillis(20), 2).build());
        awaitTotals(t -> count(t, Requests.HANDSHAKE) >= 2 && count(t, Requests.ECHO) >= 4, "two handshakes, four echoes");
        stop(user);
        Map<String, long[]> t = stats.totals();
        assertThat(t.get(Requests.HANDSHAKE)[1]).as("handshake failures").isZero();
        assertThat(t.get(Requests.ECHO)[1]).as("echo failures").isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void churningWithoutPausesCountsNoFailures() throws Exception {
        // One echo per association and no pause: the previous association's close_notify exchange is still
        // ending while the next one echoes; its late Closed event must not fail the new echo.
        DtlsServer server = echoServer(CipherSuite.defaults());
        DeviceUser user = start(settings(server.localAddress(), KEY).echo(Duration.ZERO, 1).build());
        awaitTotals(t -> count(t, Requests.HANDSHAKE) >= 50, "50 handshakes");
        stop(user);
        Map<String, long[]> t = stats.totals();
        assertThat(t.get(Requests.HANDSHAKE)[1] + t.get(Requests.ECHO)[1]).as("failures").isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withResumptionLaterHandshakesAreReportedAsResumed() throws Exception {
        DtlsServer server = echoServer(CipherSuite.defaults());
        DeviceUser user = start(settings(server.localAddress(), KEY).echo(Duration.ZERO, 1).resume(true).build());
        awaitTotals(t -> count(t, Requests.RESUMED_HANDSHAKE) >= 5, "five resumed handshakes");
        stop(user);
        Map<String, long[]> t = stats.totals();
        // The first handshake is full; the server keeps the session, so the later ones resume it.
        assertThat(t.get(Requests.HANDSHAKE)).containsExactly(1, 0);
        assertThat(t.get(Requests.RESUMED_HANDSHAKE)[1]).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noServerIsRefused() throws Exception {
        int port = PeerProcess.freeUdpPort();
        DeviceUser user = start(settings(loopback(port), KEY).build());
        awaitTotals(t -> failures(t, Requests.HANDSHAKE) >= 1, "a failed handshake");
        stop(user);
        assertThat(errors()).containsExactly("refused: ICMP port unreachable (no DTLS server listening at that address)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWrongKeyTimesOutAfterThePskStep() throws Exception {
        DtlsServer server = echoServer(CipherSuite.defaults());
        DeviceUser user = start(settings(server.localAddress(), PskKey.ofHex("00112233")).build());
        awaitTotals(t -> failures(t, Requests.HANDSHAKE) >= 1, "a failed handshake");
        stop(user);
        // DTLS drops records whose MAC fails (RFC 6347 §4.1.2.7): a wrong PSK is silence, not an alert.
        assertThat(errors()).singleElement().asString().startsWith("timeout: no handshake after 2 s, last step: PSK");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noCommonSuiteIsTheServersAlert() throws Exception {
        DtlsServer server = echoServer(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256));
        DeviceUser user = start(settings(server.localAddress(), KEY)
                .suites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).build());
        awaitTotals(t -> failures(t, Requests.HANDSHAKE) >= 1, "a failed handshake");
        stop(user);
        assertThat(errors()).containsExactly("alert: handshake_failure from the server");
    }

    /** Our server with the worker's default key, sending every record back. */
    private DtlsServer echoServer(List<CipherSuite> suites) throws java.io.IOException {
        return closeLater(DtlsServer.builder().bind(loopback(0)).pskKey(KEY).handler(ServerHandler.echo())
                .cipherSuites(suites).start());
    }

    private WorkerSettings.Builder settings(InetSocketAddress server, PskKey key) {
        return WorkerSettings.builder(loopback(5557), server).localAddress(InetAddress.getLoopbackAddress())
                .pskIdentityPrefix("test-").pskKey(key).handshakeTimeout(Duration.ofSeconds(2))
                .echo(Duration.ofMillis(50), 0).echoTimeout(Duration.ofSeconds(2));
    }

    private DeviceUser start(WorkerSettings settings) {
        DtlsClient client = closeLater(LocustWorker.client(settings));
        DeviceUser user = new DeviceUser("DtlsDevice", "test-0", settings, client, stats);
        user.start();
        return user;
    }

    private static void stop(DeviceUser user) throws InterruptedException {
        user.stop();
        assertThat(user.awaitEnd(Duration.ofSeconds(10))).as("user ended after stop").isTrue();
    }

    @SuppressWarnings("unchecked")
    private List<Object> errors() {
        Map<String, Map<String, Object>> errors = (Map<String, Map<String, Object>>) stats.report().get("errors");
        return errors.values().stream().map(e -> e.get("error")).toList();
    }

    /** Waits (bounded) until the users' counted requests satisfy {@code done}: woken by each count. */
    private void awaitTotals(Predicate<Map<String, long[]>> done, String what) throws InterruptedException {
        assertThat(stats.awaitTotals(done, java.time.Duration.ofSeconds(30))).as("waiting for " + what + ": " + stats.totals().keySet())
                .isTrue();
    }

    private static long count(Map<String, long[]> t, String name) {
        return t.containsKey(name) ? t.get(name)[0] : 0;
    }

    private static long failures(Map<String, long[]> t, String name) {
        return t.containsKey(name) ? t.get(name)[1] : 0;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
