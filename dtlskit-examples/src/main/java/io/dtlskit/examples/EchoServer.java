package io.dtlskit.examples;

import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerHandler;

import java.net.InetSocketAddress;

/**
 * An echo server: every record goes back unchanged, one key for every identity, and the server's
 * events on standard error. Pairs with {@link PskClient}.
 *
 * <pre>DTLS_KEY=0a0b0c0d java io.dtlskit.examples.EchoServer 127.0.0.1:5684</pre>
 */
public final class EchoServer {
    public static void main(String[] args) throws Exception {
        InetSocketAddress bind = new InetSocketAddress(args.length > 0 ? args[0] : "127.0.0.1", 5684);
        try (DtlsServer server = start(bind, PskKey.fromEnvironment("DTLS_KEY"))) {
            System.err.println("echoing on " + server.localAddress());
            Thread.currentThread().join(); // until Ctrl-C
        }
    }

    public static DtlsServer start(InetSocketAddress bind, PskKey key) throws Exception {
        // ---- the library API starts here ----
        return DtlsServer.builder()
                .bind(bind)
                .pskKey(key)                      // no default: the library never guesses a key
                .handler(ServerHandler.echo())    // or ack(), discard(), or your own
                .listener(EchoServer::log)        // called on the server's event thread, in order
                .start();
    }

    private static void log(ServerEvent event) {
        if (!(event instanceof ServerEvent.MessageReceived)) { // peer text: print it as data, never as markup
            System.err.println(event.level() + " " + event.message());
        }
    }
}
