package io.dtlskit.app;

import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.Pinger;
import io.dtlskit.PskKey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The behaviour of Qt's DTLS example pair, which the library leaves to its users and the app supplies
 * (docs/qt-compatibility.md): the key, the server's identity hint and reply, the client's names and its
 * pings. Everything here is exact wire text.
 */
public final class QtDefaults {
    /** Qt's example key, {@code 1a2b3c4d5e6f}. A well-known test key: never for real deployments. */
    public static final String KEY_HEX = "1a2b3c4d5e6f";
    public static final String IDENTITY_HINT = "Qt DTLS example server";
    public static final Duration PING_INTERVAL = Duration.ofMillis(5000);
    public static final int PORT = 22334;

    /** {@code I am <name>, please, accept our ping <n>}, Latin-1, as Qt's client sends it. */
    public static final Pinger PINGER = (name, n) ->
            ("I am " + name + ", please, accept our ping " + n).getBytes(StandardCharsets.ISO_8859_1);

    /** Qt numbers its clients per process and never resets the counter. */
    private static final AtomicInteger CLONE_NUMBER = new AtomicInteger();

    private QtDefaults() {
    }

    /** A fresh instance each time, so destroying one never affects another user. */
    public static PskKey key() {
        return PskKey.ofHex(KEY_HEX);
    }

    /** The next {@code Alice (clone number N)}. */
    public static String nextName() {
        return "Alice (clone number " + CLONE_NUMBER.getAndIncrement() + ")";
    }

    /** A client as Qt's: Qt's names, the Qt pinger every {@code pingInterval}, first ping at once. */
    public static DtlsClient.Builder client(PskKey key, Duration pingInterval) {
        return client(pingInterval).pskKey(key);
    }

    /** The same without a PSK: a client that authenticates the server by certificate only. */
    public static DtlsClient.Builder client(Duration pingInterval) {
        return DtlsClient.builder().names(QtDefaults::nextName).keepAlive(PINGER, pingInterval);
    }

    /** A server as Qt's: one key for every identity, Qt's hint and the ACK reply. */
    public static DtlsServer.Builder server(PskKey key) {
        return DtlsServer.builder().pskKey(key).identityHint(IDENTITY_HINT).handler(io.dtlskit.ServerHandler.ack());
    }
}
