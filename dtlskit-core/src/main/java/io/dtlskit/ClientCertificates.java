package io.dtlskit;

import io.dtlskit.internal.CertificateHooks;
import io.dtlskit.internal.PeerAuth;
import io.dtlskit.internal.ServerCheck;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.net.InetSocketAddress;

/** The association's small bridge to certificate authentication, kept out of {@link DtlsAssociation}. */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** Per-handshake hooks, or null for a PSK-only client; the server name defaults to the address's host string. */
    static CertificateHooks.Client hooks(PeerAuth auth, InetSocketAddress server, TlsCrypto crypto, ServerCheck.Observer observer) {
        if (auth == null) {
            return null;
        }
        PeerAuth named = auth.serverName() != null ? auth : auth.withServerName(server.getHostString());
        return new CertificateHooks.Client(named, (BcTlsCrypto) crypto, observer);
    }

    /** The hint for a fatal alert from the server: about certificates where it is about them, else the PSK hint. */
    static String receivedAlertHint(short description, CertificateHooks.Client hooks, String pskHint) {
        String hint = PeerAuth.receivedAlertHint(description, hooks.askedWithoutCertificate());
        return hint == null ? pskHint : " (" + hint + ")";
    }
}
