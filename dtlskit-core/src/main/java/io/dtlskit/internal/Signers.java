package io.dtlskit.internal;

import io.dtlskit.Credentials;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Vector;

/**
 * Turns our {@link Credentials} into Bouncy Castle signer credentials. Raw public keys need
 * {@link BcTlsCrypto} in bctls 1.84 (its {@code createCertificate(RawPublicKey, ...)}); our
 * {@link LeanCrypto} is one, so certificates and raw keys share one crypto.
 */
public final class Signers {
    private Signers() {
    }

    /** The TLS signature algorithm (RFC 5246 §7.4.1.4.1) of a key, or -1 if we cannot sign with it. */
    public static short signatureAlgorithm(PublicKey key) {
        if (key instanceof ECKey) {
            return SignatureAlgorithm.ecdsa;
        }
        if (key instanceof RSAKey) {
            return SignatureAlgorithm.rsa;
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return SignatureAlgorithm.ed25519;
        }
        return -1;
    }

    public static PublicKey publicKey(Credentials c) {
        return switch (c) {
            case Credentials.Certificate cert -> cert.chain().get(0).getPublicKey();
            case Credentials.RawPublicKey rpk -> rpk.publicKey();
            case Credentials.Psk psk -> throw new IllegalArgumentException("a PSK has no public key");
        };
    }

    /** The certificate message payload for our credential (X.509 chain or RFC 7250 SubjectPublicKeyInfo). */
    static Certificate tlsCertificate(BcTlsCrypto crypto, Credentials c) throws IOException {
        if (c instanceof Credentials.RawPublicKey rpk) {
            TlsCertificate raw = crypto.createCertificate(CertificateType.RawPublicKey, rpk.publicKey().getEncoded());
            return new Certificate(CertificateType.RawPublicKey, null, new CertificateEntry[] {new CertificateEntry(raw, null)});
        }
        List<X509Certificate> chain = ((Credentials.Certificate) c).chain();
        TlsCertificate[] list = new TlsCertificate[chain.size()];
        for (int i = 0; i < list.length; i++) {
            try {
                list[i] = crypto.createCertificate(chain.get(i).getEncoded());
            } catch (CertificateEncodingException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "our certificate cannot be encoded", e);
            }
        }
        return new Certificate(list);
    }

    /**
     * Signer credentials for this handshake, with the first signature algorithm the peer offered that
     * fits our key (RFC 5246 §7.4.1.4.1; without the peer's list, the default for the key type).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, Credentials c, Vector peerSigAlgs)
            throws IOException {
        PublicKey pub = publicKey(c);
        PrivateKey key = c instanceof Credentials.Certificate cert ? cert.privateKey()
                : ((Credentials.RawPublicKey) c).privateKey();
        short sig = signatureAlgorithm(pub);
        if (sig < 0) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "cannot sign with a " + pub.getAlgorithm() + " key");
        }
        SignatureAndHashAlgorithm chosen = null;
        Vector offered = peerSigAlgs != null ? peerSigAlgs : TlsUtils.getDefaultSignatureAlgorithms(sig);
        for (Object o : offered) {
            SignatureAndHashAlgorithm alg = (SignatureAndHashAlgorithm) o;
            if (fits(alg, sig) && crypto.hasSignatureAndHashAlgorithm(alg)) {
                chosen = alg;
                break;
            }
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "the peer accepts no signature algorithm for our " + Fingerprints.keyType(pub) + " key");
        }
        byte[] der = key.getEncoded();
        try {
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                    PrivateKeyFactory.createKey(der), tlsCertificate(crypto, c), chosen);
        } finally {
            java.util.Arrays.fill(der, (byte) 0); // the encoding is a copy of the key: do not leave it to the GC
        }
    }

    private static boolean fits(SignatureAndHashAlgorithm alg, short sig) {
        short s = alg.getSignature();
        if (sig == SignatureAlgorithm.rsa) {
            return s == SignatureAlgorithm.rsa || s == SignatureAlgorithm.rsa_pss_rsae_sha256
                    || s == SignatureAlgorithm.rsa_pss_rsae_sha384 || s == SignatureAlgorithm.rsa_pss_rsae_sha512;
        }
        return s == sig;
    }
}
