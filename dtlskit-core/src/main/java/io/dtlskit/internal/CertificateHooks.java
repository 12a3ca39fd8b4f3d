package io.dtlskit.internal;

import io.dtlskit.PeerIdentity;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Vector;

/**
 * What the Bouncy Castle peers ({@link ClientPeer}, {@link ServerPeer}) delegate to when certificates
 * or raw public keys are configured: one object per handshake, so the peers keep only one-line hooks.
 */
public final class CertificateHooks {
    private CertificateHooks() {
    }

    /** Per-handshake client hooks, or null for a PSK-only client; the server name defaults to the address's host string. */
    public static Client forClient(PeerAuth auth, java.net.InetSocketAddress server, org.bouncycastle.tls.crypto.TlsCrypto crypto,
                                   ServerCheck.Observer observer) {
        if (auth == null) {
            return null;
        }
        PeerAuth named = auth.serverName() != null ? auth : auth.withServerName(server.getHostString());
        return new Client(named, (BcTlsCrypto) crypto, observer);
    }

    /**
     * The peer of a resumed session (RFC 5246 §7.3: no Certificate message; Bouncy Castle restores the
     * one from the session), or null if it had none.
     */
    public static PeerIdentity resumedPeer(PeerAuth auth, Certificate fromSession) throws java.io.IOException {
        return auth == null || fromSession == null || fromSession.isEmpty() ? null : auth.identify(fromSession);
    }

    /** Client side: suites, SNI (RFC 6066 §3), certificate types (RFC 7250 §4.1), the server check. */
    public static final class Client {
        private final PeerAuth auth;
        private final BcTlsCrypto crypto;
        private final ServerCheck.Observer observer;
        private ServerCheck check;

        public Client(PeerAuth auth, BcTlsCrypto crypto, ServerCheck.Observer observer) {
            this.auth = auth;
            this.crypto = crypto;
            this.observer = observer;
        }

        int[] suites(int[] configured) {
            return auth.usable(configured, false);
        }

        TlsAuthentication authentication(TlsContext context) {
            check = new ServerCheck(auth, context, crypto, observer);
            return check;
        }

        /** SNI carries host names only, never IP literals (RFC 6066 §3). */
        @SuppressWarnings({"rawtypes", "unchecked"})
        Vector sniNames() {
            String name = auth.serverName();
            if (name == null || HostNames.isIpLiteral(name)) {
                return null;
            }
            Vector v = new Vector();
            v.add(new ServerName(NameType.host_name, name.getBytes(StandardCharsets.US_ASCII)));
            return v;
        }

        short[] ownTypes() {
            return auth.ownCertificateTypes();
        }

        short[] serverTypes() {
            return auth.verifier() != null && auth.verifier().acceptsRawPublicKeys()
                    ? new short[] {CertificateType.RawPublicKey, CertificateType.X509} : null;
        }

        /** True if the server asked for a client certificate and we had none to send. */
        public boolean askedWithoutCertificate() {
            return check != null && check.askedWithoutCertificate();
        }
    }

    /** Server side: suites by key type, our credentials, the certificate request, the client check. */
    public static final class Server {
        private final PeerAuth auth;
        private final BcTlsCrypto crypto;
        private final ClientCheck check;

        public Server(PeerAuth auth, BcTlsCrypto crypto) {
            this.auth = auth;
            this.crypto = crypto;
            this.check = new ClientCheck(auth);
        }

        int[] suites(int[] configured) {
            return auth.usable(configured, true);
        }

        @SuppressWarnings("rawtypes")
        TlsCredentials credentials(TlsContext context, java.util.Hashtable clientExtensions) throws IOException {
            if (auth.rawKey() != null) {
                // RFC 7250 §4.2: a raw key only to a client that listed RawPublicKey; an X.509-only client
                // would read our key as a certificate list and fail with decode_error.
                short[] offered = org.bouncycastle.tls.TlsExtensionsUtils.getServerCertificateTypeExtensionClient(clientExtensions);
                boolean rpk = false;
                for (short t : offered == null ? new short[0] : offered) {
                    rpk |= t == CertificateType.RawPublicKey;
                }
                if (!rpk) {
                    throw new org.bouncycastle.tls.TlsFatalAlert(org.bouncycastle.tls.AlertDescription.unsupported_certificate,
                            "this server has only a raw public key and the client does not accept raw public keys"
                                    + " (RFC 7250); serve a certificate (--cert/--key or --self-signed)");
                }
            }
            return check.credentials(context, crypto);
        }

        CertificateRequest request(TlsContext context) {
            return check.request(context);
        }

        void clientCertificate(Certificate certificate) throws IOException {
            check.clientCertificate(certificate);
        }

        short[] allowedClientTypes() {
            return check.allowedClientTypes();
        }

        /** What the client presented, or null if no certificate was asked for. */
        public PeerIdentity peer() {
            return check.peer();
        }
    }
}
