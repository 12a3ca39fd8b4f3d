package io.dtlskit.internal;

import io.dtlskit.Credentials;
import io.dtlskit.PeerIdentity;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;

/**
 * The client's side of certificate authentication (RFC 5246 §7.4.2, §7.4.4, §7.4.6): checks the
 * server's certificate or raw key with the verifier, and answers a certificate request with our
 * credential, or with an empty certificate when we have none that fits.
 */
public final class ServerCheck implements TlsAuthentication {
    /** What the association reports; called on the association's thread. */
    public interface Observer {
        void peerPresented(PeerIdentity peer);

        /** The server asked for a client certificate; {@code answered} is false if we sent an empty one. */
        void certificateRequested(boolean answered);
    }

    private final PeerAuth auth;
    private final TlsContext context;
    private final BcTlsCrypto crypto;
    private final Observer observer;
    private boolean sentCertificate;
    private boolean askedWithout;

    public ServerCheck(PeerAuth auth, TlsContext context, BcTlsCrypto crypto, Observer observer) {
        this.auth = auth;
        this.context = context;
        this.crypto = crypto;
        this.observer = observer;
    }

    @Override
    public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
        PeerIdentity peer = auth.identify(serverCertificate.getCertificate());
        observer.peerPresented(peer);
        auth.check(peer, "server");
    }

    @Override
    public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        Credentials own = auth.signing();
        if (own == null || !accepts(request, Signers.signatureAlgorithm(Signers.publicKey(own)))) {
            askedWithout = true;
            observer.certificateRequested(false);
            return null; // BC sends an empty Certificate (RFC 5246 §7.4.6)
        }
        sentCertificate = true;
        observer.certificateRequested(true);
        return Signers.signer(context, crypto, own, request.getSupportedSignatureAlgorithms());
    }

    /** True if the server asked for a certificate and we sent an empty one. */
    public boolean askedWithoutCertificate() {
        return askedWithout;
    }

    /** True once we answered a certificate request with our credential. */
    public boolean sentCertificate() {
        return sentCertificate;
    }

    private static boolean accepts(CertificateRequest request, short signature) {
        short[] types = request.getCertificateTypes();
        short wanted = signature == SignatureAlgorithm.rsa ? ClientCertificateType.rsa_sign : ClientCertificateType.ecdsa_sign;
        if (types == null) {
            return true;
        }
        for (short t : types) {
            if (t == wanted) {
                return true;
            }
        }
        return false;
    }
}
