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

    public ServerPeer(TlsCrypto crypto, String identityHint, PskStore keys, PeerSettings settings, Callbacks callbacks) {
        super(crypto, new IdentityManager(identityHint, keys, callbacks));
        this.policy = new PeerPolicy(settings, callbacks);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return policy.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return policy.suites(getCrypto());
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
            PskKey key = keys.key(id);
            callbacks.identityReceived(id, key != null);
            // null makes Bouncy Castle raise unknown_psk_identity; a fresh copy each time: BC zeroes it
            // (docs/bouncy-castle.md #1).
            return key == null ? null : key.copy();
        }
    }
}
