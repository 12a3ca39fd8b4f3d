package io.dtlskit.internal;

import io.dtlskit.PeerIdentity;
import io.dtlskit.PeerVerifier;
import io.dtlskit.PeerVerifier.Reason;
import io.dtlskit.PeerVerifier.Rejection;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in {@link PeerVerifier}s: PKIX path validation with the JDK's validator (RFC 5280 §6,
 * revocation not checked: DTLS devices rarely reach an OCSP responder), key checks, RFC 6125 name
 * checks, and raw-public-key pins. Each failure becomes a {@link Rejection} with a hint.
 */
public final class Pkix {
    /** Accepts everything; recognised by identity so callers can warn. */
    public static final PeerVerifier INSECURE = new PeerVerifier() {
        @Override
        public Rejection verify(PeerIdentity peer, String expectedName) {
            return null;
        }

        @Override
        public boolean acceptsRawPublicKeys() {
            return true;
        }
    };

    private Pkix() {
    }

    public static PeerVerifier verifier(List<X509Certificate> authorities, String source) {
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate to trust in " + source);
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : authorities) {
            anchors.add(new TrustAnchor(ca, null));
        }
        return chainVerifier(() -> anchors, "pass the CA that issued it (--ca FILE / --client-ca FILE)");
    }

    public static PeerVerifier systemVerifier() {
        return chainVerifier(Pkix::systemAnchors, "pass --ca FILE with the CA that issued it (the JDK trust store was used)");
    }

    public static PeerVerifier pinVerifier(List<byte[]> pins) {
        List<byte[]> copy = pins.stream().map(byte[]::clone).toList();
        return new Pins(copy);
    }

    /** Raw-public-key pins: SHA-256 of SubjectPublicKeyInfo (a certificate's key also matches). */
    private record Pins(List<byte[]> copy) implements PeerVerifier {
        @Override
        public boolean acceptsRawPublicKeys() {
            return true;
        }

        @Override
        public Rejection verify(PeerIdentity peer, String name) {
            PublicKey key = switch (peer) {
                case PeerIdentity.RawPublicKey rpk -> rpk.key();
                case PeerIdentity.Certificate cert -> cert.leaf().getPublicKey();
                default -> null;
            };
            if (key == null) {
                return new Rejection(Reason.WRONG_TYPE, "the peer sent no public key", "a raw public key was expected");
            }
            byte[] digest = Fingerprints.keyDigest(key);
            for (byte[] pin : copy) {
                if (MessageDigest.isEqual(pin, digest)) {
                    return keyProblem(key);
                }
            }
            return new Rejection(Reason.UNPINNED_KEY, Fingerprints.of(key) + " is not among the "
                    + copy.size() + " trusted key(s)", "add this fingerprint to the trusted keys (--server-pubkey / --trusted-keys FILE)");
        }

        @Override
        public String toString() {
            return "Pins[" + copy.size() + " keys]";
        }
    }

    private static PeerVerifier chainVerifier(Supplier<Set<TrustAnchor>> anchors, String issuerHint) {
        return (peer, name) -> {
            if (!(peer instanceof PeerIdentity.Certificate cert)) {
                return new Rejection(Reason.WRONG_TYPE, "the peer sent no X.509 certificate",
                        "it uses a raw public key: pin it (--server-pubkey SHA256:...)");
            }
            Rejection r = checkChain(cert.chain(), anchors.get(), new Date(), issuerHint);
            if (r == null) {
                r = keyProblem(cert.leaf().getPublicKey());
            }
            if (r == null && name != null && !HostNames.matches(cert.leaf(), name)) {
                r = new Rejection(Reason.NAME_MISMATCH, "the certificate is for " + HostNames.names(cert.leaf())
                        + ", not " + Text.inert(name), "connect with a name the certificate lists (--server-name NAME)");
            }
            return r;
        };
    }

    /** PKIX validation; the leaf's own validity is checked first so that reason wins over the others. */
    static Rejection checkChain(List<X509Certificate> chain, Set<TrustAnchor> anchors, Date now, String issuerHint) {
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity(now);
        } catch (CertificateExpiredException e) {
            return new Rejection(Reason.EXPIRED, "expired on " + leaf.getNotAfter().toInstant(),
                    "renew the certificate (or check this machine's clock)");
        } catch (CertificateNotYetValidException e) {
            return new Rejection(Reason.NOT_YET_VALID, "valid only from " + leaf.getNotBefore().toInstant(),
                    "check this machine's clock and the peer's");
        }
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert() != null && a.getTrustedCert().equals(leaf)) {
                return null; // the peer's certificate itself is trusted (a pinned self-signed certificate)
            }
        }
        // Drop a root the peer sent along: the validator wants the path without its anchor.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1), anchors)) {
            path.remove(path.size() - 1);
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return null;
        } catch (CertPathValidatorException e) {
            String issuer = Text.inert(leaf.getIssuerX500Principal().getName());
            if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                return new Rejection(Reason.UNKNOWN_ISSUER, "issuer " + issuer + " is not a trusted CA", issuerHint);
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return new Rejection(Reason.EXPIRED, "a CA certificate in the chain has expired", "renew the CA certificate");
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return new Rejection(Reason.NOT_YET_VALID, "a CA certificate in the chain is not yet valid",
                        "check this machine's clock");
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                return new Rejection(Reason.UNKNOWN_ISSUER, "the chain's signatures do not verify against the trusted CAs",
                        issuerHint);
            }
            return new Rejection(Reason.OTHER, String.valueOf(e.getMessage()), null);
        } catch (GeneralSecurityException e) {
            return new Rejection(Reason.OTHER, String.valueOf(e.getMessage()), null);
        }
    }

    private static boolean isAnchor(X509Certificate cert, Set<TrustAnchor> anchors) {
        for (TrustAnchor a : anchors) {
            if (cert.equals(a.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }

    /** Keys DTLS 1.2 peers can use with the suites dtlskit offers (RFC 8422 curves, RSA of 2048 bits or more). */
    static Rejection keyProblem(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256 || bits == 384 || bits == 521) {
                return null;
            }
            return new Rejection(Reason.UNSUPPORTED_KEY, "EC key on a " + bits + "-bit curve",
                    "use an EC P-256, P-384 or P-521 key");
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= 2048 ? null : new Rejection(Reason.UNSUPPORTED_KEY, "RSA key of " + bits + " bits",
                    "use an RSA key of at least 2048 bits or an EC P-256 key");
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return null;
        }
        return new Rejection(Reason.UNSUPPORTED_KEY, key.getAlgorithm() + " key",
                "use an EC P-256 or RSA 2048 key");
    }

    private static volatile Set<TrustAnchor> system;

    private static Set<TrustAnchor> systemAnchors() {
        Set<TrustAnchor> s = system;
        if (s == null) {
            try {
                javax.net.ssl.TrustManagerFactory tmf =
                        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                Set<TrustAnchor> out = new HashSet<>();
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof javax.net.ssl.X509TrustManager x) {
                        for (X509Certificate c : x.getAcceptedIssuers()) {
                            out.add(new TrustAnchor(c, null));
                        }
                    }
                }
                s = Set.copyOf(out);
                system = s;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK trust store cannot be read: " + e.getMessage(), e);
            }
        }
        return s;
    }
}
