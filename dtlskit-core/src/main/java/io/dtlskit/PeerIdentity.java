package io.dtlskit;

import io.dtlskit.internal.Fingerprints;
import io.dtlskit.internal.Text;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What a peer proved during the handshake: a PSK identity, a certificate chain, a raw public key
 * (RFC 7250), or nothing (a client that sent an empty certificate). Every text accessor returns
 * peer-supplied text made inert (control and format characters escaped), ready for a terminal or a
 * table; it is still not HTML-safe.
 */
public sealed interface PeerIdentity {

    /** One line for tables: the PSK identity, the certificate subject, or the key fingerprint. */
    String describe();

    /** The peer's PSK identity (RFC 4279). */
    record Psk(String identity) implements PeerIdentity {
        @Override
        public String describe() {
            return Text.inert(identity);
        }
    }

    /** An X.509 chain, leaf first, as the peer sent it (RFC 5246 §7.4.2). */
    record Certificate(List<X509Certificate> chain) implements PeerIdentity {
        public Certificate {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("empty certificate chain");
            }
            chain = List.copyOf(chain);
        }

        public X509Certificate leaf() {
            return chain.get(0);
        }

        public String subject() {
            return Text.inert(leaf().getSubjectX500Principal().getName());
        }

        public String issuer() {
            return Text.inert(leaf().getIssuerX500Principal().getName());
        }

        public Instant notBefore() {
            return leaf().getNotBefore().toInstant();
        }

        public Instant notAfter() {
            return leaf().getNotAfter().toInstant();
        }

        /** SHA-256 of the leaf's DER encoding, {@code AB:CD:...} as OpenSSL prints it. */
        public String fingerprint() {
            return Fingerprints.of(leaf());
        }

        /** {@code EC P-256}, {@code RSA 2048}, ... */
        public String keyType() {
            return Fingerprints.keyType(leaf().getPublicKey());
        }

        @Override
        public String describe() {
            return subject();
        }

        @Override
        public String toString() {
            return "Certificate[subject=" + subject() + ", issuer=" + issuer() + ", valid " + notBefore() + " to "
                    + notAfter() + ", " + keyType() + ", SHA-256 " + fingerprint() + "]";
        }
    }

    /** A raw public key (RFC 7250): no names, no issuer; trusted only by its fingerprint. */
    record RawPublicKey(PublicKey key) implements PeerIdentity {
        /** {@code SHA256:<hex>} of the SubjectPublicKeyInfo. */
        public String fingerprint() {
            return Fingerprints.of(key);
        }

        public String keyType() {
            return Fingerprints.keyType(key);
        }

        @Override
        public String describe() {
            return fingerprint();
        }

        @Override
        public String toString() {
            return "RawPublicKey[" + keyType() + ", " + fingerprint() + "]";
        }
    }

    /** The client answered a certificate request with an empty certificate (RFC 5246 §7.4.6). */
    record Anonymous() implements PeerIdentity {
        @Override
        public String describe() {
            return "(no certificate)";
        }
    }
}
