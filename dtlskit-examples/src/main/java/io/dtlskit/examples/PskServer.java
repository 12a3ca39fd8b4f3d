package io.dtlskit.examples;

import io.dtlskit.DtlsServer;
import io.dtlskit.DtlsSession;
import io.dtlskit.PskKey;
import io.dtlskit.PskStore;
import io.dtlskit.ServerHandler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PSK server with its own handler: it knows two devices by identity, numbers each device's records,
 * answers {@code <n> <identity>: <TEXT>} and ends the association when a device says {@code bye}.
 * Pairs with {@link PskClient}.
 *
 * <pre>java io.dtlskit.examples.PskServer 127.0.0.1:5684</pre>
 */
public final class PskServer {
    public static void main(String[] args) throws Exception {
        InetSocketAddress bind = new InetSocketAddress(args.length > 0 ? args[0] : "127.0.0.1", 5684);
        try (DtlsServer server = start(bind)) {
            System.err.println("listening on " + server.localAddress());
            Thread.currentThread().join(); // until Ctrl-C
        }
    }

    public static DtlsServer start(InetSocketAddress bind) throws Exception {
        // ---- the library API starts here ----
        PskStore keys = PskStore.of(Map.of( // any other identity is refused: unknown_psk_identity
                "sensor-1", PskKey.ofHex("0a0b0c0d"),
                "sensor-2", PskKey.ofHex("1a1b1c1d")));
        ServerHandler numbering = new ServerHandler() {
            @Override
            public void onOpen(DtlsSession session) {
                session.attributes().put("count", new AtomicInteger());
            }

            @Override
            public void onData(DtlsSession session, byte[] data) {
                String text = new String(data, StandardCharsets.UTF_8);
                if (text.equals("bye")) {
                    session.close(); // close_notify; onClose follows
                    return;
                }
                int n = ((AtomicInteger) session.attributes().get("count")).incrementAndGet();
                session.send((n + " " + session.identity() + ": " + text.toUpperCase()).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void onClose(DtlsSession session, String reason) {
                System.err.println(session.identity() + " left: " + reason);
            }
        };
        return DtlsServer.builder().bind(bind).pskStore(keys).handler(numbering).start();
    }
}
