package io.dtlskit.certs;

import io.dtlskit.Credentials;
import io.dtlskit.PeerIdentity;
import io.dtlskit.PeerVerifier;
import io.dtlskit.PeerVerifier.Reason;
import io.dtlskit.TestPki;
import io.dtlskit.internal.CertificateMaker.Usage;
import io.dtlskit.internal.Fingerprints;
import io.dtlskit.internal.HostNames;
import io.dtlskit.internal.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verifiers' decisions and reasons, name matching, fingerprints, and the PEM/PKCS#12 files. */
class VerificationTest {
    static final TestCerts CERTS = new TestCerts(7);
    final PeerVerifier trust = PeerVerifier.trusting(List.of(CERTS.ca.certificate()));

    static PeerIdentity chain(io.dtlskit.internal.CertificateMaker.Issued leaf, io.dtlskit.internal.CertificateMaker.Issued ca) {
        return new PeerIdentity.Certificate(List.of(leaf.certificate(), ca.certificate()));
    }

    @Test
    void acceptsAChainToTheCaForEachNameItLists() {
        for (String name : List.of("localhost", "LOCALHOST.", "127.0.0.1")) {
            assertThat(trust.verify(chain(CERTS.server, CERTS.ca), name)).as(name).isNull();
        }
        assertThat(trust.verify(new PeerIdentity.Certificate(List.of(CERTS.server.certificate())), null))
                .as("without the CA in the chain, server side (no name)").isNull();
    }

    @Test
    void namesEachReason() {
        assertThat(PeerVerifier.trusting(List.of(CERTS.otherCa.certificate())).verify(chain(CERTS.server, CERTS.ca), "localhost").reason())
                .isEqualTo(Reason.UNKNOWN_ISSUER);
        var expired = CERTS.leaf(CERTS.ca, "localhost", List.of("localhost"), Usage.SERVER, Duration.ofDays(-3));
        var rejection = trust.verify(chain(expired, CERTS.ca), "localhost");
        assertThat(rejection.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(rejection.message()).startsWith("certificate expired: expired on ").contains("renew");
        var future = CERTS.leaf(CERTS.ca, "localhost", List.of("localhost"), Usage.SERVER, Duration.ofDays(3));
        assertThat(trust.verify(chain(future, CERTS.ca), "localhost").reason()).isEqualTo(Reason.NOT_YET_VALID);
        var mismatch = trust.verify(chain(CERTS.server, CERTS.ca), "127.0.0.2");
        assertThat(mismatch.reason()).isEqualTo(Reason.NAME_MISMATCH);
        assertThat(mismatch.message()).contains("[localhost, 127.0.0.1]").contains("127.0.0.2");
        PeerIdentity raw = new PeerIdentity.RawPublicKey(CERTS.client.keys().getPublic());
        assertThat(trust.verify(raw, null).reason()).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void ipAddressesNeverMatchDnsNamesAndWildcardsCoverOneLabel() {
        var wild = CERTS.leaf(CERTS.ca, "x", List.of("*.example.com", "10.0.0.1"), Usage.SERVER, Duration.ZERO).certificate();
        assertThat(HostNames.matches(wild, "a.example.com")).isTrue();
        assertThat(HostNames.matches(wild, "example.com")).isFalse();
        assertThat(HostNames.matches(wild, "a.b.example.com")).isFalse();
        assertThat(HostNames.matches(wild, "10.0.0.1")).isTrue();
        assertThat(HostNames.matches(CERTS.server.certificate(), "::1")).isFalse();
        var cnOnly = CERTS.leaf(CERTS.ca, "device.local", List.of(), Usage.SERVER, Duration.ZERO).certificate();
        assertThat(HostNames.matches(cnOnly, "device.local")).as("CN when there is no subjectAltName").isTrue();
    }

    @Test
    void pinnedKeysAcceptOnlyListedKeysInEitherSpelling() {
        var key = CERTS.client.keys().getPublic();
        String fp = Fingerprints.of(key);
        assertThat(fp).matches("SHA256:[0-9a-f]{64}");
        String base64 = "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(Fingerprints.keyDigest(key));
        for (String pin : List.of(fp, fp.toUpperCase().replace("SHA256:", ""), base64)) {
            assertThat(PeerVerifier.pinnedKeys(List.of(pin)).verify(new PeerIdentity.RawPublicKey(key), null)).as(pin).isNull();
        }
        var other = PeerVerifier.pinnedKeys(List.of(Fingerprints.of(CERTS.server.keys().getPublic())));
        assertThat(other.verify(new PeerIdentity.RawPublicKey(key), null).reason()).isEqualTo(Reason.UNPINNED_KEY);
        assertThatThrownBy(() -> PeerVerifier.pinnedKeys(List.of("SHA256:abc\u001b[2J")))
                .hasMessageContaining("not a SHA-256 key fingerprint").hasMessageNotContaining("\u001b");
        assertThat(trust.or(other).verify(new PeerIdentity.RawPublicKey(key), null).reason())
                .as("the pin's reason, not 'wrong type'").isEqualTo(Reason.UNPINNED_KEY);
    }

    @Test
    void peerTextIsInert() {
        var evil = CERTS.leaf(CERTS.ca, "evil\u001b[31m\u202e", List.of(), Usage.CLIENT, Duration.ZERO);
        PeerIdentity.Certificate id = new PeerIdentity.Certificate(List.of(evil.certificate()));
        assertThat(id.subject()).doesNotContain("\u001b").doesNotContain("\u202e").contains("\\u001b");
        assertThat(id.toString()).doesNotContain("\u001b");
    }

    @Test
    void testPkiWritesUsableFilesWithPrivateKeysOwnerOnly(@TempDir Path dir) throws Exception {
        List<TestPki.Written> written = TestPki.write(dir);
        assertThat(written).extracting(w -> w.file().getFileName().toString())
                .contains("ca.pem", "server.pem", "server-key.pem", "client.pem", "client-key.pem", "client.p12");
        for (String secret : List.of("ca-key.pem", "server-key.pem", "client-key.pem", "client.p12", "client.p12.pass")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret)))).as(secret)
                    .isEqualTo("rw-------");
        }
        Credentials.Certificate server = Credentials.fromPem(dir.resolve("server.pem"), dir.resolve("server-key.pem"));
        PeerVerifier ca = PeerVerifier.trusting(dir.resolve("ca.pem"));
        assertThat(ca.verify(new PeerIdentity.Certificate(server.chain()), "127.0.0.1")).isNull();
        Credentials.Certificate p12 = Credentials.fromPkcs12(dir.resolve("client.p12"), TestPki.PKCS12_PASSWORD.toCharArray());
        assertThat(p12.subject()).isEqualTo("CN=dtlskit client");
        assertThat(ca.verify(new PeerIdentity.Certificate(p12.chain()), null)).isNull();
        assertThat(written.stream().filter(w -> w.file().endsWith("server.pem")).findFirst().orElseThrow().fingerprint())
                .isEqualTo(server.fingerprint());
        assertThatThrownBy(() -> Credentials.fromPkcs12(dir.resolve("client.p12"), "wrong".toCharArray()))
                .hasMessageContaining("wrong PKCS#12 password");
        assertThat(Credentials.rawPublicKey(dir.resolve("client-key.pem")).fingerprint())
                .isEqualTo(Fingerprints.of(Pem.readCertificates(dir.resolve("client.pem")).get(0).getPublicKey()));
    }

    @Test
    void readsKeysInTheFormatsOpensslWrites(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl installed");
        run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        run(dir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8.pem");
        run(dir, "openssl", "rsa", "-in", "pkcs8.pem", "-traditional", "-out", "pkcs1.pem");
        for (String f : List.of("sec1.pem", "pkcs8.pem", "pkcs1.pem")) {
            var pair = Pem.readKeyPair(dir.resolve(f));
            assertThat(Pem.publicKeyOf(pair.getPrivate())).as(f).isEqualTo(pair.getPublic());
        }
        assertThatThrownBy(() -> Pem.readKeyPair(dir.resolve("nothing.pem"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        Files.writeString(dir.resolve("cert-only.pem"), Pem.certificates(List.of(CERTS.ca.certificate())));
        assertThatThrownBy(() -> Pem.readKeyPair(dir.resolve("cert-only.pem"))).hasMessageContaining("holds no private key");
    }

    static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
