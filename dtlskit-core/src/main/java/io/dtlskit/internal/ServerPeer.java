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

        /** A side feature (the key log) failed; the handshake goes on. */
        default void sideWarning(String text) {
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerPeer.class);
    private final PeerSettings settings;
    private final Callbacks callbacks;

    public ServerPeer(TlsCrypto crypto, String identityHint, PskKey key, PeerSettings settings, Callbacks callbacks) {
        super(crypto, new IdentityManager(identityHint, key, callbacks));
        this.settings = settings;
        this.callbacks = callbacks;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return PeerSettings.VERSIONS;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return settings.suiteCodes(getCrypto());
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
            String warning = settings.keyLog().log(context);
            if (warning != null) {
                callbacks.sideWarning(warning);
            }
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
