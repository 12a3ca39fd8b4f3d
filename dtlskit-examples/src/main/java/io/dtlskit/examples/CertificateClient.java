package io.dtlskit.examples;

import io.dtlskit.Credentials;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.Endpoints;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PeerVerifier;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client that checks the server's certificate against a CA (and the name it connects to), shows
 * who the server is, presents its own certificate and sends one message. Pairs with
 * {@link CertificateServer}.
 *
 * <pre>java io.dtlskit.examples.CertificateClient localhost:5684 pki "temperature 21.5"</pre>
 */
public final class CertificateClient {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CertificateClient HOST:PORT PKI-DIR MESSAGE");
            System.exit(2);
        }
        run(Endpoints.parse(args[0], -1), Path.of(args[1]), args[2], System.out);
    }

    /** Returns the server's reply, or null if none came within two seconds. */
    public static String run(InetSocketAddress server, Path pki, String message, PrintStream out) throws Exception {
        // ---- the library API starts here ----
        try (DtlsClient client = DtlsClient.builder()
                .serverVerifier(PeerVerifier.trusting(pki.resolve("ca.pem"))) // or pinnedKeys(...) for raw keys
                .credentials(Credentials.fromPem(pki.resolve("client.pem"), pki.resolve("client-key.pem")))
                .build()) {
            DtlsAssociation association = client.connect(server, event -> { }); // or print event.message()
            HandshakeResult result = association.handshake().join(); // fails naming the reason, e.g. unknown issuer
            out.println("server " + result.peer().describe() + " over " + result.cipherSuite());
            association.send(message.getBytes(StandardCharsets.UTF_8));
            byte[] reply = association.receive(Duration.ofSeconds(2));
            String text = reply == null ? null : new String(reply, StandardCharsets.UTF_8);
            out.println(text == null ? "(no reply)" : text);
            association.close(); // close_notify
            association.terminated().join();
            return text;
        }
    }
}
