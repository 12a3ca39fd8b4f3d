package io.dtlskit.examples;

import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.DtlsServer;
import io.dtlskit.DtlsSession;
import io.dtlskit.PeerVerifier;
import io.dtlskit.ServerHandler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A server with a certificate that requires client certificates from one CA, and greets each client
 * by its certificate's subject. Pairs with {@link CertificateClient}; make the files with
 * {@code dtlskit certs pki}.
 *
 * <pre>java io.dtlskit.examples.CertificateServer pki 127.0.0.1</pre>
 */
public final class CertificateServer {
    public static void main(String[] args) throws Exception {
        Path pki = Path.of(args.length > 0 ? args[0] : "pki");
        InetSocketAddress bind = new InetSocketAddress(args.length > 1 ? args[1] : "127.0.0.1", 5684);
        try (DtlsServer server = start(bind, pki)) {
            System.err.println("listening on " + server.localAddress());
            Thread.currentThread().join(); // until Ctrl-C
        }
    }

    public static DtlsServer start(InetSocketAddress bind, Path pki) throws Exception {
        // ---- the library API starts here ----
        return DtlsServer.builder()
                .bind(bind)
                .credentials(Credentials.fromPem(pki.resolve("server.pem"), pki.resolve("server-key.pem")))
                .clientAuth(ClientAuth.NEED, PeerVerifier.trusting(pki.resolve("ca.pem"))) // WANT: optional
                .handler(new ServerHandler() {
                    @Override
                    public void onData(DtlsSession session, byte[] data) {
                        // identity(): the client certificate's subject, escaped (it is peer text)
                        String reply = "hello " + session.identity() + ", you sent "
                                + new String(data, StandardCharsets.UTF_8);
                        session.send(reply.getBytes(StandardCharsets.UTF_8));
                    }
                })
                .listener(event -> System.err.println(event.level() + " " + event.message()))
                .start();
    }
}
