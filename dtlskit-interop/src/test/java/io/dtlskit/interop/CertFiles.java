package io.dtlskit.interop;

import io.dtlskit.Credentials;
import io.dtlskit.certs.TestCerts;
import io.dtlskit.internal.CertificateMaker.Issued;
import io.dtlskit.internal.CertificateMaker.Usage;
import io.dtlskit.internal.Pem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * The PEM files the certificate rows give to peer programs, generated for the run: a CA with a
 * server (localhost, 127.0.0.1) and a client leaf, a second CA nobody trusts, a server certificate
 * that expired yesterday, and raw key pairs for both sides.
 */
final class CertFiles {
    final TestCerts certs = new TestCerts(1313);
    final Path dir;
    final Issued expired;
    final KeyPair serverRaw;
    final KeyPair clientRaw;

    CertFiles() throws IOException {
        dir = Files.createTempDirectory("dtlskit-certs");
        expired = certs.leaf(certs.ca, "localhost", List.of("localhost", "127.0.0.1"), Usage.SERVER, Duration.ofDays(-3));
        serverRaw = certs.maker.newKeyPair();
        clientRaw = certs.maker.newKeyPair();
        cert("ca.pem", certs.ca);
        cert("other-ca.pem", certs.otherCa);
        cert("server.pem", certs.server);
        key("server-key.pem", certs.server.keys());
        cert("client.pem", certs.client);
        key("client-key.pem", certs.client.keys());
        cert("expired.pem", expired);
        key("expired-key.pem", expired.keys());
        key("server-raw-key.pem", serverRaw);
        Pem.writePublic(dir.resolve("server-raw.pem"), Pem.publicKey(serverRaw.getPublic()));
        key("client-raw-key.pem", clientRaw);
        Pem.writePublic(dir.resolve("client-raw.pem"), Pem.publicKey(clientRaw.getPublic()));
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    String path(String name) {
        return dir.resolve(name).toString();
    }

    Credentials.Certificate server() {
        return TestCerts.credentials(certs.server, certs.ca);
    }

    Credentials.Certificate client() {
        return TestCerts.credentials(certs.client, certs.ca);
    }

    private void cert(String name, Issued issued) throws IOException {
        Pem.writePublic(dir.resolve(name), Pem.certificates(List.of(issued.certificate())));
    }

    private void key(String name, KeyPair keys) throws IOException {
        Pem.writePrivateKey(dir.resolve(name), keys.getPrivate());
    }

    void delete() throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
