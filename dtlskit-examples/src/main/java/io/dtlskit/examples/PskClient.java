package io.dtlskit.examples;

import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.Endpoints;
import io.dtlskit.PskKey;
import io.dtlskit.SendResult;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A PSK client that sends its own data and prints each reply: pairs with {@link PskServer} and
 * {@link EchoServer}.
 *
 * <pre>java io.dtlskit.examples.PskClient 127.0.0.1:5684 sensor-1 0a0b0c0d "temperature 21.5" bye</pre>
 */
public final class PskClient {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PskClient HOST:PORT IDENTITY HEXKEY [MESSAGE ...]");
            System.exit(2);
        }
        List<String> messages = List.of(args).subList(3, args.length);
        run(Endpoints.parse(args[0], -1), args[1], PskKey.ofHex(args[2]), messages, System.out);
    }

    /** Sends each message as one record and prints the reply to it; returns how many replies came. */
    public static int run(InetSocketAddress server, String identity, PskKey key, List<String> messages, PrintStream out)
            throws Exception {
        // ---- the library API starts here ----
        try (DtlsClient client = DtlsClient.builder().pskIdentity(identity).pskKey(key).build()) {
            DtlsAssociation association = client.connect(server, event -> { }); // or print event.message()
            System.err.println("encrypted with " + association.handshake().join().cipherSuite());
            int replies = 0;
            for (String message : messages) {
                SendResult sent = association.send(message.getBytes(StandardCharsets.UTF_8));
                if (!sent.isAccepted()) {
                    System.err.println("not sent: " + sent.reason());
                    continue;
                }
                byte[] reply = association.receive(Duration.ofSeconds(2)); // null if none came in time
                out.println(reply == null ? "(no reply)" : new String(reply, StandardCharsets.UTF_8));
                replies += reply == null ? 0 : 1;
            }
            association.close(); // close_notify
            association.terminated().join();
            return replies;
        }
    }
}
