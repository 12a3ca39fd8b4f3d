package io.dtlskit.testing;

import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.Pinger;
import io.dtlskit.PskKey;
import io.dtlskit.ServerHandler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builders set up as Qt's DTLS example pair (docs/qt-compatibility.md): key {@code 1a2b3c4d5e6f}, the
 * server's hint and ACK reply, clients named {@code Alice (clone number N)} pinging every 5 s. The
 * library has no such defaults; tests that exercise the Qt behaviour start from here.
 */
public final class Qt {
    public static final String KEY_HEX = "1a2b3c4d5e6f";
    public static final String HINT = "Qt DTLS example server";
    /** Qt's ping text, exact. */
    public static final Pinger PINGER = (name, n) ->
            ("I am " + name + ", please, accept our ping " + n).getBytes(StandardCharsets.ISO_8859_1);
    private static final AtomicInteger CLONE = new AtomicInteger();

    private Qt() {
    }

    public static PskKey key() {
        return PskKey.ofHex(KEY_HEX);
    }

    public static DtlsClient.Builder client() {
        return DtlsClient.builder().pskKey(key()).keepAlive(PINGER, Duration.ofMillis(5000))
                .names(() -> "Alice (clone number " + CLONE.getAndIncrement() + ")");
    }

    public static DtlsServer.Builder server() {
        return DtlsServer.builder().pskKey(key()).identityHint(HINT).handler(ServerHandler.ack());
    }
}
