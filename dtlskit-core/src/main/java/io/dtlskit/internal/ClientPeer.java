package io.dtlskit.internal;

import io.dtlskit.PskKey;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Bouncy Castle's PSK client, set for DTLS 1.2 with our suites and timers, reporting what it does. */
public final class ClientPeer extends PSKTlsClient {
    /** What the client side wants to hear about; called on the association's thread. */
    public interface Callbacks {
        void identityHint(String hint);

        void pskProvided(String identity);

        void alertReceived(short level, short description);

        void alertRaised(short level, short description, String message);

        /** A side feature (the key log) failed; the handshake goes on. */
        default void sideWarning(String text) {
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientPeer.class);
    private final PeerSettings settings;
    private final Callbacks callbacks;

    public ClientPeer(TlsCrypto crypto, String identity, PskKey key, PeerSettings settings, Callbacks callbacks) {
        super(crypto, new Identity(identity, key, callbacks));
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

    /** The negotiated suite's code (valid once the handshake is complete). */
    public int negotiatedCipherSuite() {
        return context.getSecurityParametersConnection().getCipherSuite();
    }

    public static String alertName(short description) {
        return AlertDescription.getName(description);
    }

    private static final class Identity implements TlsPSKIdentity {
        private final byte[] identity;
        private final String identityText;
        private final PskKey key;
        private final Callbacks callbacks;

        Identity(String identity, PskKey key, Callbacks callbacks) {
            // Qt sends the association's name as Latin-1 (spec section 1).
            this.identity = identity.getBytes(StandardCharsets.ISO_8859_1);
            this.identityText = identity;
            this.key = key;
            this.callbacks = callbacks;
        }

        @Override
        public void skipIdentityHint() {
        }

        @Override
        public void notifyIdentityHint(byte[] hint) {
            callbacks.identityHint(new String(hint, StandardCharsets.ISO_8859_1));
        }

        @Override
        public byte[] getPSKIdentity() {
            return identity.clone();
        }

        @Override
        public byte[] getPSK() {
            callbacks.pskProvided(identityText);
            return key.copy(); // BC zeroes what it gets (engine notes, pitfall 1)
        }
    }
}
