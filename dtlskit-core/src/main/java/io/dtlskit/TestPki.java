package io.dtlskit;

import io.dtlskit.internal.CertificateMaker;
import io.dtlskit.internal.Fingerprints;
import io.dtlskit.internal.Pem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away PKI for trying mutual authentication: a test CA, a server certificate for
 * {@code localhost} and {@code 127.0.0.1}, and a client certificate, all EC P-256, valid for 30 days.
 * Private keys are written with mode 0600. Not for production: the CA key sits beside the certificates.
 */
public final class TestPki {
    /** Password of the {@code client.p12} store, also written to {@code client.p12.pass}. */
    public static final String PKCS12_PASSWORD = "dtlskit";

    private TestPki() {
    }

    /** One written file; {@code fingerprint} is the certificate's SHA-256 (or the key's, for raw keys), or null. */
    public record Written(Path file, String description, String fingerprint) {
    }

    /** Creates {@code dir} if needed and writes the files; existing files of the same names are replaced. */
    public static List<Written> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        CertificateMaker maker = new CertificateMaker(new SecureRandom());
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofMinutes(5));
        Instant to = now.plus(Duration.ofDays(30));
        CertificateMaker.Issued ca = maker.authority("dtlskit test CA", Duration.ofDays(30));
        CertificateMaker.Issued server = maker.leaf(ca, "localhost", List.of("localhost", "127.0.0.1", "::1"),
                CertificateMaker.Usage.SERVER, from, to);
        CertificateMaker.Issued client = maker.leaf(ca, "dtlskit client", List.of(), CertificateMaker.Usage.CLIENT, from, to);

        List<Written> out = new ArrayList<>();
        out.add(cert(dir.resolve("ca.pem"), ca.certificate(), "test CA certificate (--ca / --client-ca)"));
        out.add(key(dir.resolve("ca-key.pem"), ca, "test CA private key"));
        out.add(cert(dir.resolve("server.pem"), server.certificate(), "server certificate for localhost, 127.0.0.1, ::1"));
        out.add(key(dir.resolve("server-key.pem"), server, "server private key"));
        out.add(cert(dir.resolve("client.pem"), client.certificate(), "client certificate"));
        out.add(key(dir.resolve("client-key.pem"), client, "client private key"));
        out.add(pkcs12(dir.resolve("client.p12"), client, ca));
        Path pass = dir.resolve("client.p12.pass");
        createPrivate(pass);
        Files.writeString(pass, PKCS12_PASSWORD + "\n");
        out.add(new Written(pass, "password of client.p12 (--key-password-file)", null));
        Path pub = dir.resolve("client-pubkey.pem");
        Pem.writePublic(pub, Pem.publicKey(client.keys().getPublic()));
        out.add(new Written(pub, "client public key (a trusted-keys file for --rpk)", Fingerprints.of(client.keys().getPublic())));
        return out;
    }

    private static Written cert(Path file, X509Certificate c, String what) throws IOException {
        Pem.writePublic(file, Pem.certificates(List.of(c)));
        return new Written(file, what, Fingerprints.of(c));
    }

    private static Written key(Path file, CertificateMaker.Issued issued, String what) throws IOException {
        Pem.writePrivateKey(file, issued.keys().getPrivate());
        return new Written(file, what + " (mode 0600)", null);
    }

    private static Written pkcs12(Path file, CertificateMaker.Issued leaf, CertificateMaker.Issued ca) throws IOException {
        char[] password = PKCS12_PASSWORD.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", leaf.keys().getPrivate(), password,
                    new java.security.cert.Certificate[] {leaf.certificate(), ca.certificate()});
            createPrivate(file);
            try (OutputStream o = Files.newOutputStream(file)) {
                store.store(o, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new Written(file, "client certificate and key as PKCS#12 (mode 0600)", Fingerprints.of(leaf.certificate()));
    }

    private static void createPrivate(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
