package io.dtlskit.internal;

import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.PeerIdentity;
import io.dtlskit.PeerVerifier;
import io.dtlskit.PeerVerifier.Rejection;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Who we are and whom we trust, for one side: at most one PSK, one certificate and one raw public
 * key, the verifier for the peer's certificate or key, and (server) whether to ask clients for one.
 * Immutable; shared by every association of a client or server.
 *
 * @param serverName the client's expected server name (SNI and RFC 6125 check); null on a server
 */
public record PeerAuth(Credentials.Psk psk, Credentials.Certificate certificate, Credentials.RawPublicKey rawKey,
                       PeerVerifier verifier, ClientAuth clientAuth, String serverName) {

    /** PSK only: the behaviour before certificates existed. */
    public static PeerAuth pskOnly(Credentials.Psk psk) {
        return new PeerAuth(psk, null, null, null, ClientAuth.NONE, null);
    }

    /**
     * A client's settings, or null for PSK only: certificate suites need a verifier for the server;
     * {@code psk} (null: none) is offered beside them.
     */
    public static PeerAuth forClient(List<Credentials> credentials, Credentials.Psk psk, PeerVerifier verifier,
                                     String serverName) {
        List<Credentials> signing = credentials.stream().filter(c -> !(c instanceof Credentials.Psk)).toList();
        if (verifier == null && signing.isEmpty()) {
            return null;
        }
        if (verifier == null) {
            throw new IllegalStateException("a client certificate or key needs serverVerifier(...) to check the server's");
        }
        return of(withPsk(signing, psk), verifier, ClientAuth.NONE, serverName);
    }

    /** A server's settings, or null for PSK only (no certificate or raw key among the credentials). */
    public static PeerAuth forServer(List<Credentials> credentials, Credentials.Psk psk, ClientAuth clientAuth,
                                     PeerVerifier clientVerifier) {
        List<Credentials> signing = credentials.stream().filter(c -> !(c instanceof Credentials.Psk)).toList();
        if (signing.isEmpty()) {
            if (clientAuth != ClientAuth.NONE) {
                throw new IllegalStateException("client authentication needs a server certificate or raw public key");
            }
            return null;
        }
        return of(withPsk(signing, psk), clientVerifier, clientAuth, null);
    }

    private static List<Credentials> withPsk(List<Credentials> signing, Credentials.Psk psk) {
        List<Credentials> all = new ArrayList<>(signing);
        if (psk != null) {
            all.add(psk);
        }
        return all;
    }

    /** The same settings checking the server against this name. */
    public PeerAuth withServerName(String name) {
        return new PeerAuth(psk, certificate, rawKey, verifier, clientAuth, name);
    }

    /** True when the verifier accepts everything: callers warn. */
    public boolean insecure() {
        return verifier != null && PeerVerifier.isInsecure(verifier);
    }

    /** Sorts a list of credentials into the slots, refusing two of a kind. */
    public static PeerAuth of(List<Credentials> credentials, PeerVerifier verifier, ClientAuth clientAuth, String serverName) {
        Credentials.Psk psk = null;
        Credentials.Certificate cert = null;
        Credentials.RawPublicKey raw = null;
        for (Credentials c : credentials) {
            switch (c) {
                case Credentials.Psk p -> psk = once(psk, p, "PSK");
                case Credentials.Certificate x -> cert = once(cert, x, "certificate");
                case Credentials.RawPublicKey r -> raw = once(raw, r, "raw public key");
            }
        }
        if (cert != null && raw != null) {
            throw new IllegalArgumentException("give a certificate or a raw public key, not both");
        }
        return new PeerAuth(psk, cert, raw, verifier, clientAuth == null ? ClientAuth.NONE : clientAuth, serverName);
    }

    private static <T> T once(T existing, T next, String what) {
        if (existing != null) {
            throw new IllegalArgumentException("more than one " + what + " given");
        }
        return next;
    }

    /** Our certificate or raw key, or null. */
    public Credentials signing() {
        return certificate != null ? certificate : rawKey;
    }

    /**
     * The configured suites this side can use: PSK suites need a PSK; ECDHE_ECDSA and ECDHE_RSA need,
     * on a client, a verifier for the server's certificate and, on a server, a key of that type.
     */
    public int[] usable(int[] suites, boolean server) {
        short serverSig = server && signing() != null ? Signers.signatureAlgorithm(Signers.publicKey(signing())) : -1;
        return IntStream.of(suites).filter(s -> switch (TlsUtils.getKeyExchangeAlgorithm(s)) {
            case KeyExchangeAlgorithm.PSK, KeyExchangeAlgorithm.DHE_PSK, KeyExchangeAlgorithm.ECDHE_PSK -> psk != null;
            case KeyExchangeAlgorithm.ECDHE_ECDSA -> server ? serverSig == SignatureAlgorithm.ecdsa
                    || serverSig == SignatureAlgorithm.ed25519 : verifier != null;
            case KeyExchangeAlgorithm.ECDHE_RSA -> server ? serverSig == SignatureAlgorithm.rsa : verifier != null;
            default -> false;
        }).toArray();
    }

    /** Only the PSK suites: a peer without certificate settings never offers or picks another. */
    public static int[] pskSuites(int[] suites) {
        return IntStream.of(suites).filter(s -> switch (TlsUtils.getKeyExchangeAlgorithm(s)) {
            case KeyExchangeAlgorithm.PSK, KeyExchangeAlgorithm.DHE_PSK, KeyExchangeAlgorithm.ECDHE_PSK -> true;
            default -> false;
        }).toArray();
    }

    /** Certificate types we can present (RFC 7250 §4.1), or null for X.509 only. */
    public short[] ownCertificateTypes() {
        return rawKey != null ? new short[] {CertificateType.RawPublicKey} : null;
    }

    /** The verifier's decision on what the peer sent; an empty certificate is not passed to it. */
    public PeerIdentity identify(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()) {
            return new PeerIdentity.Anonymous();
        }
        if (peer.getCertificateType() == CertificateType.RawPublicKey) {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(peer.getCertificateAt(0).getEncoded());
            return new PeerIdentity.RawPublicKey(new JcaPEMKeyConverter().getPublicKey(spki));
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (var c : peer.getCertificateList()) {
                chain.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unparsable certificate: " + e.getMessage(), e);
        }
        return new PeerIdentity.Certificate(chain);
    }

    /** Runs the verifier; a rejection becomes the fatal alert that names it (RFC 5246 §7.2.2). */
    public void check(PeerIdentity peer, String role) throws TlsFatalAlert {
        if (verifier == null) {
            throw new TlsFatalAlert(AlertDescription.certificate_unknown, role + " certificate: nothing to verify it with");
        }
        Rejection r = verifier.verify(peer, serverName);
        if (r != null) {
            String what = peer instanceof PeerIdentity.RawPublicKey ? " key" : " certificate";
            throw new TlsFatalAlert(alertFor(r.reason()), role + what + " rejected, " + r.message());
        }
    }

    /** The detail text of an alert we raised ({@code TlsFatalAlert} prefixes it with {@code name(code); }), or null. */
    public static String alertDetail(TlsFatalAlert alert) {
        String m = alert.getMessage();
        int i = m == null ? -1 : m.indexOf("; ");
        return i < 0 ? null : m.substring(i + 2);
    }

    static short alertFor(PeerVerifier.Reason reason) {
        return switch (reason) {
            case UNKNOWN_ISSUER -> AlertDescription.unknown_ca;
            case EXPIRED, NOT_YET_VALID -> AlertDescription.certificate_expired;
            case UNSUPPORTED_KEY, WRONG_TYPE -> AlertDescription.unsupported_certificate;
            case CERTIFICATE_REQUIRED -> AlertDescription.handshake_failure;
            case NAME_MISMATCH, UNPINNED_KEY -> AlertDescription.bad_certificate;
            case OTHER -> AlertDescription.certificate_unknown;
        };
    }

    /**
     * What to tell the user when the peer's alert ends a handshake that used certificates: the peer
     * refused what we sent. Null when the alert says nothing about certificates.
     */
    public static String receivedAlertHint(short description, boolean askedWithoutCertificate) {
        return switch (description) {
            case AlertDescription.unknown_ca -> "the peer does not trust the CA that issued our certificate:"
                    + " give it our CA (--client-ca / --ca)";
            case AlertDescription.bad_certificate, AlertDescription.certificate_unknown ->
                    "the peer refused our certificate or key: check its trusted CAs or pinned keys";
            case AlertDescription.certificate_expired -> "the peer says our certificate expired or is not yet valid";
            case AlertDescription.unsupported_certificate ->
                    "the peer cannot use our certificate or key, or has none of the type we accept (X.509 / raw public key)";
            case AlertDescription.handshake_failure -> askedWithoutCertificate
                    ? "the server requires a client certificate: pass --cert FILE --key FILE" : null;
            default -> null;
        };
    }
}
