package io.dtlskit.internal;

import io.dtlskit.PskKey;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCloseable;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Bouncy Castle's PSK client with dtlskit's {@link PeerPolicy}, reporting what it does. */
public final class ClientPeer extends PSKTlsClient {
    /** What the client side wants to hear about; called on the association's thread. */
    public interface Callbacks extends PeerPolicy.Alerts, Renegotiation.Listener {
        void identityHint(String hint);

        void pskProvided(String identity);
    }

    private final PeerPolicy policy;
    private final CertificateHooks.Client certificates;
    private final Renegotiation renegotiation;

    public ClientPeer(TlsCrypto crypto, String identity, PskKey key, PeerSettings settings, Callbacks callbacks) {
        this(crypto, identity, key, settings, callbacks, null);
    }

    /** With certificate or raw-key authentication ({@code certificates} null: PSK only). */
    public ClientPeer(TlsCrypto crypto, String identity, PskKey key, PeerSettings settings, Callbacks callbacks,
            CertificateHooks.Client certificates) {
        this(PeerParts.of(false, crypto, settings, callbacks), new Identity(identity, key, callbacks), certificates);
    }

    private ClientPeer(PeerParts parts, Identity identity, CertificateHooks.Client certificates) {
        super(parts.associationCrypto(), identity);
        this.sharedCrypto = parts.sharedCrypto();
        this.policy = parts.policy();
        this.renegotiation = parts.renegotiation();
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
    public org.bouncycastle.tls.TlsAuthentication getAuthentication() throws IOException {
        return certificates == null ? super.getAuthentication() : certificates.authentication(context);
    }

    @Override
    protected java.util.Vector getSNIServerNames() {
        return certificates == null ? null : certificates.sniNames();
    }

    @Override
    protected short[] getAllowedClientCertificateTypes() {
        return certificates == null ? null : certificates.ownTypes();
    }

    @Override
    protected short[] getAllowedServerCertificateTypes() {
        return certificates == null ? null : certificates.serverTypes();
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

    /** A peer without RFC 5746 is accepted: dtlskit never renegotiates (see {@link Renegotiation}). */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        renegotiation.secureRenegotiation(secureRenegotiation);
    }

    @Override
    public void notifyCloseHandle(TlsCloseable closeHandle) {
        super.notifyCloseHandle(closeHandle);
        renegotiation.closeHandle(closeHandle);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        renegotiation.established();
        policy.handshakeComplete(context);
    }

    /** The negotiated suite's code (valid once the handshake is complete). */
    /** The peer's certificate or raw key of this session (a resumed one's comes from the session), or null. */
    public org.bouncycastle.tls.Certificate peerCertificate() {
        return context.getSecurityParametersConnection().getPeerCertificate();
    }

    public int negotiatedCipherSuite() {
        return PeerPolicy.negotiatedSuite(context);
    }

    public static String alertName(short description) {
        return Failures.alertName(description);
    }

    // ---------------------------------------------- RFC 9146 Connection ID and session resumption

    private volatile org.bouncycastle.tls.TlsSession sessionToResume;
    private volatile boolean offerConnectionId;
    /** The client's shared crypto provider: a kept session is adopted by it (see SessionCache.adoptedBy). */
    private final TlsCrypto sharedCrypto;

    /** Offers this session for an abbreviated handshake (RFC 5246 §7.3); null for a full one. */
    public void resume(org.bouncycastle.tls.TlsSession session) {
        this.sessionToResume = session;
    }

    /**
     * Offers the connection_id extension (RFC 9146 §3) with an empty CID of our own: our socket is
     * connected to one server address, so we need none to find the association, but the server may
     * ask us to send one so that it finds ours after our address changes.
     */
    public void offerConnectionId(boolean offer) {
        this.offerConnectionId = offer;
    }

    @Override
    public org.bouncycastle.tls.TlsSession getSessionToResume() {
        return sessionToResume;
    }

    @Override
    protected byte[] getNewConnectionID() {
        return offerConnectionId ? new byte[0] : null;
    }

    /** True if the completed handshake resumed the offered session. */
    public boolean resumed() {
        return context.getSecurityParametersConnection().isResumedSession();
    }

    /** The completed handshake's session, if the server gave it an ID we can resume later; else null. */
    public org.bouncycastle.tls.TlsSession resumableSession() {
        return SessionCache.adoptedBy(context.getResumableSession(), sharedCrypto);
    }

    /**
     * The CID the server asked us to put in our records, or null if none (RFC 9146 §3). Bouncy Castle
     * calls it "local": the CID of the records we write (its "peer" CID is the one we receive).
     */
    public byte[] peerConnectionId() {
        byte[] cid = context.getSecurityParametersConnection().getConnectionIDLocal();
        return cid == null || cid.length == 0 ? null : cid.clone();
    }

    private static final class Identity implements TlsPSKIdentity {
        private final byte[] identity;
        private final String identityText;
        private final PskKey key;
        private final Callbacks callbacks;

        Identity(String identity, PskKey key, Callbacks callbacks) {
            // Identities travel as bytes; dtlskit reads and writes them as Latin-1, as Qt does.
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
            return key.copy(); // BC zeroes what it gets (docs/bouncy-castle.md #1)
        }
    }
}
