package io.dtlskit.internal;

import io.dtlskit.ClientAuth;
import io.dtlskit.PeerIdentity;
import io.dtlskit.PeerVerifier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;

/**
 * The server's side of certificate authentication: our certificate or raw key for the ECDHE_ECDSA
 * and ECDHE_RSA suites, the certificate request (RFC 5246 §7.4.4; never in a PSK suite, RFC 4279
 * §2), and the check of what the client sent.
 */
public final class ClientCheck {
    private final PeerAuth auth;
    private PeerIdentity peer;

    public ClientCheck(PeerAuth auth) {
        this.auth = auth;
    }

    /** Signer credentials for a certificate suite, null for a PSK suite. */
    public TlsCredentials credentials(TlsContext context, BcTlsCrypto crypto) throws IOException {
        int kex = context.getSecurityParametersHandshake().getKeyExchangeAlgorithm();
        if (kex != KeyExchangeAlgorithm.ECDHE_ECDSA && kex != KeyExchangeAlgorithm.ECDHE_RSA) {
            return null;
        }
        if (auth.signing() == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "certificate suite chosen without a certificate");
        }
        return Signers.signer(context, crypto, auth.signing(), context.getSecurityParametersHandshake().getClientSigAlgs());
    }

    /** The request to send, or null: only in certificate suites, only when client authentication is on. */
    public CertificateRequest request(TlsContext context) {
        int kex = context.getSecurityParametersHandshake().getKeyExchangeAlgorithm();
        if (auth.clientAuth() == ClientAuth.NONE || auth.verifier() == null
                || (kex != KeyExchangeAlgorithm.ECDHE_ECDSA && kex != KeyExchangeAlgorithm.ECDHE_RSA)) {
            return null;
        }
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    /** Certificate types we accept from clients (RFC 7250 §4.2): raw keys when keys are pinned. */
    public short[] allowedClientTypes() {
        if (auth.clientAuth() == ClientAuth.NONE || auth.verifier() == null || !auth.verifier().acceptsRawPublicKeys()) {
            return null;
        }
        return new short[] {CertificateType.RawPublicKey, CertificateType.X509};
    }

    /** Checks the client's certificate; an empty one passes only with {@link ClientAuth#WANT}. */
    public void clientCertificate(Certificate certificate) throws IOException {
        PeerIdentity id = auth.identify(certificate);
        peer = id;
        if (id instanceof PeerIdentity.Anonymous) {
            if (auth.clientAuth() == ClientAuth.NEED) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "client refused, " + new PeerVerifier.Rejection(
                        PeerVerifier.Reason.CERTIFICATE_REQUIRED, "the client sent no certificate",
                        "give the client --cert FILE --key FILE, or run the server with --client-auth want").message());
            }
            return;
        }
        auth.check(id, "client");
    }

    /** What the client presented, or null if nothing was asked. */
    public PeerIdentity peer() {
        return peer;
    }
}
