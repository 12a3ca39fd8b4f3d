package io.dtlskit;

import io.dtlskit.internal.Fingerprints;
import io.dtlskit.internal.Pem;
import io.dtlskit.internal.Pkix;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether to trust what a peer presented. Called once per handshake on the association's
 * thread, after Bouncy Castle has checked that the peer holds the private key; returning a
 * {@link Rejection} ends the handshake with the matching alert (RFC 5246 §7.2.2) and the rejection's
 * text in the failure. Implementations must be fast and must not block.
 *
 * <p>The built-in verifiers: {@link #trusting(Collection)} (PKIX chain to the given CAs, plus the
 * server name on a client), {@link #systemTrust()}, {@link #pinnedKeys(Collection)} for raw public
 * keys, {@link #insecure()}.
 */
@FunctionalInterface
public interface PeerVerifier {

    /**
     * @param peer         what the peer sent (never {@link PeerIdentity.Psk})
     * @param expectedName on a client, the server name to match (host name or IP literal), or null to
     *                     skip the name check; always null on a server
     * @return null to accept, or why not
     */
    Rejection verify(PeerIdentity peer, String expectedName);

    /**
     * True if this verifier can judge raw public keys (RFC 7250), so a client offers to receive them
     * and a server accepts them from clients. Default: false (X.509 only).
     */
    default boolean acceptsRawPublicKeys() {
        return false;
    }

    /** Why a peer was refused, with what the user can do about it. */
    record Rejection(Reason reason, String detail, String hint) {
        public Rejection {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** {@code unknown issuer: issuer CN=... is not a trusted CA; pass the CA that issued it (...)} */
        public String message() {
            return reason.text() + ": " + detail + (hint == null ? "" : "; " + hint);
        }
    }

    /** The failures users meet, each mapped to the TLS alert sent for it. */
    enum Reason {
        UNKNOWN_ISSUER("unknown issuer"),
        EXPIRED("certificate expired"),
        NOT_YET_VALID("certificate not yet valid"),
        NAME_MISMATCH("name mismatch"),
        UNSUPPORTED_KEY("unsupported key"),
        UNPINNED_KEY("raw public key not trusted"),
        CERTIFICATE_REQUIRED("client certificate required"),
        WRONG_TYPE("wrong credential type"),
        OTHER("certificate rejected");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** PKIX validation (RFC 5280 §6) to these CAs, the key checks, and on a client the server name (RFC 6125). */
    static PeerVerifier trusting(Collection<X509Certificate> authorities) {
        return Pkix.verifier(List.copyOf(authorities), "the CA file");
    }

    /** {@link #trusting} the CA certificates of a PEM bundle. */
    static PeerVerifier trusting(Path caBundle) throws IOException {
        return Pkix.verifier(Pem.readCertificates(caBundle), String.valueOf(caBundle));
    }

    /** {@link #trusting} the JDK's default trust store (the {@code cacerts} of the running JDK). */
    static PeerVerifier systemTrust() {
        return Pkix.systemVerifier();
    }

    /** Accepts raw public keys (or certificates' keys) whose SHA-256 fingerprint is listed ({@code SHA256:hex}). */
    static PeerVerifier pinnedKeys(Collection<String> fingerprints) {
        List<byte[]> pins = fingerprints.stream().map(Fingerprints::parsePin).toList();
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("no key fingerprints to trust");
        }
        return Pkix.pinVerifier(pins);
    }

    /**
     * {@link #pinnedKeys} from a trusted-keys file: one {@code SHA256:...} fingerprint per line
     * ({@code #} comments and blank lines ignored) and/or PEM {@code PUBLIC KEY} or {@code CERTIFICATE}
     * blocks, whose keys are trusted.
     */
    static PeerVerifier pinnedKeys(Path trustedKeysFile) throws IOException {
        return pinnedKeys(io.dtlskit.internal.TrustedKeys.read(trustedKeysFile));
    }

    /** Accepts everything. The CLI and the events say so at every handshake. */
    static PeerVerifier insecure() {
        return Pkix.INSECURE;
    }

    /** True for {@link #insecure()}: callers warn about it. */
    static boolean isInsecure(PeerVerifier verifier) {
        return verifier == Pkix.INSECURE;
    }

    /**
     * Accepts what either verifier accepts (a server trusting both a CA and pinned raw keys). When both
     * refuse, the first's reason is reported unless it only says the credential type did not apply.
     */
    default PeerVerifier or(PeerVerifier other) {
        Objects.requireNonNull(other, "other");
        PeerVerifier self = this;
        return new PeerVerifier() {
            @Override
            public Rejection verify(PeerIdentity peer, String name) {
                Rejection first = self.verify(peer, name);
                if (first == null) {
                    return null;
                }
                Rejection second = other.verify(peer, name);
                return second == null ? null : first.reason() == Reason.WRONG_TYPE ? second : first;
            }

            @Override
            public boolean acceptsRawPublicKeys() {
                return self.acceptsRawPublicKeys() || other.acceptsRawPublicKeys();
            }
        };
    }
}
