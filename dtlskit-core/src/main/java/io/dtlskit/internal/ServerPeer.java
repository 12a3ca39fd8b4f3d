package io.dtlskit.internal;

import io.dtlskit.PskKey;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Bouncy Castle's PSK server, set for DTLS 1.2; accepts any identity with the one key, like Qt's. */
public final class ServerPeer extends PSKTlsServer {
    /** What the server side wants to hear about; called on the session's thread. */
    public interface Callbacks {
        void identityReceived(String identity);

        void alertReceived(short level, short description);

        void alertRaised(short level, short description, String message);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerPeer.class);
    private final PeerSettings settings;
    private final Callbacks callbacks;
    private final CertificateHooks.Server certificates;

    public ServerPeer(TlsCrypto crypto, String identityHint, PskKey key, PeerSettings settings, Callbacks callbacks) {
        this(crypto, identityHint, key, settings, callbacks, null);
    }

    /** With certificate or raw-key authentication ({@code certificates} null: PSK only). */
    public ServerPeer(TlsCrypto crypto, String identityHint, PskKey key, PeerSettings settings, Callbacks callbacks,
                      CertificateHooks.Server certificates) {
        super(crypto, new IdentityManager(identityHint, key, callbacks));
        this.settings = settings;
        this.callbacks = callbacks;
        this.certificates = certificates;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return PeerSettings.VERSIONS;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] suites = settings.suiteCodes(getCrypto());
        return certificates == null ? PeerAuth.pskSuites(suites) : certificates.suites(suites);
    }

    @Override
    public org.bouncycastle.tls.TlsCredentials getCredentials() throws IOException {
        org.bouncycastle.tls.TlsCredentials own = certificates == null ? null : certificates.credentials(context, clientExtensions);
        return own != null ? own : super.getCredentials();
    }

    @Override
    public org.bouncycastle.tls.CertificateRequest getCertificateRequest() {
        return certificates == null ? null : certificates.request(context);
    }

    @Override
    public void notifyClientCertificate(org.bouncycastle.tls.Certificate clientCertificate) throws IOException {
        if (certificates == null) {
            super.notifyClientCertificate(clientCertificate);
        } else {
            certificates.clientCertificate(clientCertificate);
        }
    }

    /**
     * RFC 7250 §4.2 leaves the choice to the server: ours, so a client that lists X.509 first but
     * holds only a raw key (gnutls-cli) is asked for the raw key our pinned-keys verifier wants.
     */
    @Override
    protected boolean preferLocalClientCertificateTypes() {
        return certificates != null;
    }

    @Override
    protected short[] getAllowedClientCertificateTypes() {
        return certificates == null ? null : certificates.allowedClientTypes();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return settings.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return settings.initialResendMillis();
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        callbacks.alertReceived(alertLevel, alertDescription);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        if (cause != null) {
            LOG.debug("raising alert {}: {}", AlertDescription.getText(alertDescription), message, cause);
        }
        callbacks.alertRaised(alertLevel, alertDescription, message);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (settings.keyLog() != null) {
            settings.keyLog().log(context);
        }
    }

    public int negotiatedCipherSuite() {
        return context.getSecurityParametersConnection().getCipherSuite();
    }

    private record IdentityManager(String hint, PskKey key, Callbacks callbacks) implements TlsPSKIdentityManager {
        @Override
        public byte[] getHint() {
            // Always send a hint: GnuTLS' client crashes on an empty one from an (EC)DHE-PSK server.
            return hint.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public byte[] getPSK(byte[] identity) {
            callbacks.identityReceived(new String(identity, StandardCharsets.ISO_8859_1));
            return key.copy(); // a fresh copy each time: BC zeroes it (engine notes, pitfall 1)
        }
    }
}
