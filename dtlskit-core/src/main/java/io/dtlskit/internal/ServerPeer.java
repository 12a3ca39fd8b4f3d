package io.dtlskit.internal;

import io.dtlskit.PskKey;
import io.dtlskit.PskStore;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Bouncy Castle's PSK server with dtlskit's {@link PeerPolicy}; looks each identity up in a
 * {@link PskStore} (an unknown one fails with unknown_psk_identity, RFC 4279 §2).
 */
public final class ServerPeer extends PSKTlsServer {
    /** What the server side wants to hear about; called on the session's thread. */
    public interface Callbacks extends PeerPolicy.Alerts {
        void identityReceived(String identity, boolean known);
    }

    private final PeerPolicy policy;
    private final CertificateHooks.Server certificates;

    public ServerPeer(TlsCrypto crypto, String identityHint, PskStore keys, PeerSettings settings, Callbacks callbacks) {
        this(crypto, identityHint, keys, settings, callbacks, null);
    }

    /** With certificate or raw-key authentication ({@code certificates} null: PSK only; {@code keys} null: no PSK). */
    public ServerPeer(TlsCrypto crypto, String identityHint, PskStore keys, PeerSettings settings, Callbacks callbacks,
                      CertificateHooks.Server certificates) {
        super(crypto, new IdentityManager(identityHint, keys, callbacks));
        this.policy = new PeerPolicy(settings, callbacks);
        this.certificates = certificates;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return policy.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] suites = policy.suites(getCrypto());
        return certificates == null ? PeerAuth.pskSuites(suites) : certificates.suites(suites);
    }

    @Override
    public org.bouncycastle.tls.TlsCredentials getCredentials() throws IOException {
        org.bouncycastle.tls.TlsCredentials own = certificates == null ? null
                : certificates.credentials(context, clientExtensions);
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
        return policy.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return policy.resendMillis();
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        policy.alertReceived(alertLevel, alertDescription);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        policy.alertRaised(alertLevel, alertDescription, message, cause);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        policy.handshakeComplete(context);
    }

    public int negotiatedCipherSuite() {
        return PeerPolicy.negotiatedSuite(context);
    }

    private record IdentityManager(String hint, PskStore keys, Callbacks callbacks) implements TlsPSKIdentityManager {
        @Override
        public byte[] getHint() {
            // Always send a hint: GnuTLS' client crashes on an empty one from an (EC)DHE-PSK server.
            return hint.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public byte[] getPSK(byte[] identity) {
            String id = new String(identity, StandardCharsets.ISO_8859_1);
            PskKey key = keys == null ? null : keys.key(id); // no store: certificates only
            callbacks.identityReceived(id, key != null);
            // null makes Bouncy Castle raise unknown_psk_identity; a fresh copy each time: BC zeroes it
            // (docs/bouncy-castle.md #1).
            return key == null ? null : key.copy();
        }
    }
}
