package io.dtlskit;

import io.dtlskit.internal.CertificateMaker;
import io.dtlskit.internal.Fingerprints;
import io.dtlskit.internal.Pem;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How this side authenticates itself: a pre-shared key (RFC 4279), an X.509 certificate chain with
 * its private key, or a raw public key (RFC 7250). Both builders take one or more; a server given a
 * PSK and a certificate offers both kinds of suite at once.
 *
 * <p>No {@code toString()} in this family shows key material: private keys are named by type only.
 */
public sealed interface Credentials permits Credentials.Psk, Credentials.Certificate, Credentials.RawPublicKey {

    /** A client's PSK identity and key (or, on a server, the identity hint and one key for every client). */
    static Psk psk(String identity, PskKey key) {
        return new Psk(identity, key, PskStore.single(key));
    }

    /** A server's identity hint and its keys by client identity. */
    static Psk pskStore(String hint, PskStore store) {
        return new Psk(hint, null, store);
    }

    /** A chain (leaf first) and the leaf's private key. */
    static Certificate certificate(List<X509Certificate> chain, PrivateKey key) {
        return new Certificate(chain, key);
    }

    /** A PEM certificate file (leaf first, then intermediates) and a PEM private key file. */
    static Certificate fromPem(Path certificateFile, Path keyFile) throws IOException {
        return new Certificate(Pem.readCertificates(certificateFile), Pem.readKeyPair(keyFile).getPrivate());
    }

    /** The first key entry of a PKCS#12 file. */
    static Certificate fromPkcs12(Path file, char[] password) throws IOException {
        Pem.Entry e = Pem.readPkcs12(file, password);
        return new Certificate(e.chain(), e.key());
    }

    /**
     * A new EC P-256 key and a self-signed certificate for these names (host names or IP literals),
     * valid for a year; held in memory only. Peers trust it by its fingerprint.
     */
    static Certificate selfSigned(String... names) {
        List<String> list = names.length == 0 ? List.of("localhost", "127.0.0.1") : List.of(names);
        CertificateMaker.Issued issued = new CertificateMaker(new SecureRandom())
                .selfSigned(list.get(0), list, CertificateMaker.Usage.BOTH, Duration.ofDays(365));
        return new Certificate(List.of(issued.certificate()), issued.keys().getPrivate());
    }

    /** A raw public key pair. */
    static RawPublicKey rawPublicKey(KeyPair keys) {
        return new RawPublicKey(keys.getPublic(), keys.getPrivate());
    }

    /** A raw public key from a PEM private key file (its public half is derived). */
    static RawPublicKey rawPublicKey(Path keyFile) throws IOException {
        return rawPublicKey(Pem.readKeyPair(keyFile));
    }

    /**
     * A PSK credential (RFC 4279): {@code identity} is the client's identity or the server's hint;
     * {@code key} is the client's key (null for a server given a store). Keys print as their length only.
     */
    record Psk(String identity, PskKey key, PskStore store) implements Credentials {
        public Psk {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(store, "store");
        }
    }

    /** An X.509 chain and its private key. */
    final class Certificate implements Credentials {
        private final List<X509Certificate> chain;
        private final PrivateKey privateKey;

        private Certificate(List<X509Certificate> chain, PrivateKey privateKey) {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("certificate chain is empty");
            }
            this.chain = List.copyOf(chain);
            this.privateKey = Objects.requireNonNull(privateKey, "private key");
            if (!privateKey.getAlgorithm().equals(chain.get(0).getPublicKey().getAlgorithm())) {
                throw new IllegalArgumentException("the private key (" + privateKey.getAlgorithm()
                        + ") does not belong to the certificate (" + chain.get(0).getPublicKey().getAlgorithm() + " key)");
            }
        }

        public List<X509Certificate> chain() {
            return chain;
        }

        /** For the DTLS engine only. */
        public PrivateKey privateKey() {
            return privateKey;
        }

        /** SHA-256 of the leaf certificate, {@code AB:CD:...}. */
        public String fingerprint() {
            return Fingerprints.of(chain.get(0));
        }

        public String subject() {
            return chain.get(0).getSubjectX500Principal().getName();
        }

        /** {@code SHA256:<hex>} of the leaf's public key: what a raw-public-key peer pins. */
        public String publicKeyFingerprint() {
            return Fingerprints.of(chain.get(0).getPublicKey());
        }

        @Override
        public String toString() {
            return "Certificate[" + subject() + ", " + Fingerprints.keyType(chain.get(0).getPublicKey())
                    + ", SHA-256 " + fingerprint() + "]";
        }
    }

    /** A key pair used as a raw public key (RFC 7250). */
    final class RawPublicKey implements Credentials {
        private final PublicKey publicKey;
        private final PrivateKey privateKey;

        private RawPublicKey(PublicKey publicKey, PrivateKey privateKey) {
            this.publicKey = Objects.requireNonNull(publicKey, "public key");
            this.privateKey = Objects.requireNonNull(privateKey, "private key");
        }

        public PublicKey publicKey() {
            return publicKey;
        }

        /** For the DTLS engine only. */
        public PrivateKey privateKey() {
            return privateKey;
        }

        /** {@code SHA256:<hex>} of the SubjectPublicKeyInfo: what peers pin. */
        public String fingerprint() {
            return Fingerprints.of(publicKey);
        }

        @Override
        public String toString() {
            return "RawPublicKey[" + Fingerprints.keyType(publicKey) + ", " + fingerprint() + "]";
        }
    }
}
