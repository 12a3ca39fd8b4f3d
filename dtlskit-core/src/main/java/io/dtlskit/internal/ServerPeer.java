package io.dtlskit.internal;

import io.dtlskit.PskKey;
import io.dtlskit.PskStore;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCloseable;
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
    public interface Callbacks extends PeerPolicy.Alerts, Renegotiation.Listener {
        void identityReceived(String identity, boolean known);
    }

    private final PeerPolicy policy;
    private final CertificateHooks.Server certificates;
    private final Renegotiation renegotiation;
    private final PskStore keys;
    /** The server's shared crypto provider: cached sessions are adopted by it (see SessionCache.adoptedBy). */
    private final TlsCrypto sharedCrypto;

    public ServerPeer(TlsCrypto crypto, String identityHint, PskStore keys, PeerSettings settings, Callbacks callbacks) {
        this(crypto, identityHint, keys, settings, callbacks, null);
    }

    /** With certificate or raw-key authentication ({@code certificates} null: PSK only; {@code keys} null: no PSK). */
    public ServerPeer(TlsCrypto crypto, String identityHint, PskStore keys, PeerSettings settings, Callbacks callbacks,
            CertificateHooks.Server certificates) {
        this(PeerParts.of(true, crypto, settings, callbacks), new IdentityManager(identityHint, keys, callbacks), keys,
                certificates);
    }

    private ServerPeer(PeerParts parts, IdentityManager identities, PskStore keys, CertificateHooks.Server certificates) {
        super(parts.associationCrypto(), identities);
        this.keys = keys;
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
        rememberSession();
        policy.handshakeComplete(context);
    }

    private volatile String serverName;

    /**
     * Keeps the client's SNI host name (RFC 6066 §3) now: Bouncy Castle clears it from the security
     * parameters when the handshake completes.
     */
    @Override
    public void processClientExtensions(java.util.Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        serverName = ServerNames.hostName(context.getSecurityParametersHandshake());
    }

    /** The host name the client sent as SNI in the last handshake (RFC 6066 §3), inert text, or null. */
    public String serverName() {
        return serverName;
    }

    public int negotiatedCipherSuite() {
        return PeerPolicy.negotiatedSuite(context);
    }

    // ---------------------------------------------- RFC 9146 Connection ID and session resumption

    private volatile SessionCache<java.nio.ByteBuffer> sessions;
    private volatile java.util.function.Supplier<byte[]> connectionIds;

    /**
     * Gives new sessions an ID and keeps them in {@code cache}, and resumes a session from it when a
     * client offers its ID (RFC 5246 §7.3). Without this, sessions get no ID and are never resumed.
     */
    public void resumption(SessionCache<java.nio.ByteBuffer> cache) {
        this.sessions = cache;
    }

    /** Agrees to RFC 9146 when the client offers it, with a CID from {@code allocate}. */
    public void connectionIds(java.util.function.Supplier<byte[]> allocate) {
        this.connectionIds = allocate;
    }

    @Override
    public byte[] getNewSessionID() {
        if (sessions == null) {
            return null; // an empty session ID: not resumable (RFC 5246 §7.4.1.3)
        }
        byte[] id = new byte[32];
        context.getCrypto().getSecureRandom().nextBytes(id);
        return id;
    }

    @Override
    public org.bouncycastle.tls.TlsSession getSessionToResume(byte[] sessionID) {
        SessionCache<java.nio.ByteBuffer> cache = sessions;
        if (cache == null || sessionID == null || sessionID.length == 0) {
            return null;
        }
        java.nio.ByteBuffer id = java.nio.ByteBuffer.wrap(sessionID.clone());
        org.bouncycastle.tls.TlsSession session = cache.get(id);
        if (session != null && !cache.bound(id, currentKeyDigest(session))) {
            // An abbreviated handshake never asks for the PSK: without this, a session of an identity
            // removed from the store, or whose key changed, would resume until its lifetime ends. A
            // full handshake follows (and fails with unknown_psk_identity for a removed identity).
            cache.remove(id);
            return null;
        }
        return session;
    }

    /**
     * The digest of the key the store now holds for the session's PSK identity (null if none), or an
     * empty binding for a session without PSK (certificate suites).
     */
    private byte[] currentKeyDigest(org.bouncycastle.tls.TlsSession session) {
        org.bouncycastle.tls.SessionParameters p = session.exportSessionParameters();
        byte[] identity = p == null ? null : p.getPSKIdentity();
        return identity == null ? NO_PSK : keyDigest(new String(identity, StandardCharsets.ISO_8859_1));
    }

    /** The binding of a session made without a PSK (certificate or raw-key suites). */
    private static final byte[] NO_PSK = new byte[0];

    /**
     * SHA-256 of the key the store holds for {@code identity}, or null: kept with a cached session to
     * notice a changed key (never logged or shown; the key itself is zeroed after use).
     */
    private byte[] keyDigest(String identity) {
        PskKey key = keys == null ? null : keys.key(identity);
        if (key == null) {
            return null;
        }
        byte[] k = key.copy();
        try {
            return JdkDigest.sha256().digest(k);
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    protected byte[] getNewConnectionID() {
        var allocate = connectionIds;
        return allocate == null ? null : allocate.get();
    }

    /** True if the completed handshake resumed a cached session. */
    public boolean resumed() {
        return context.getSecurityParametersConnection().isResumedSession();
    }

    /** The client's certificate or raw key of this session (a resumed one's comes from the session), or null. */
    public org.bouncycastle.tls.Certificate peerCertificate() {
        return context.getSecurityParametersConnection().getPeerCertificate();
    }

    /** The PSK identity of the completed handshake (also for a resumed session, where getPSK is not called). */
    public String pskIdentity() {
        byte[] id = context.getSecurityParametersConnection().getPSKIdentity();
        return id == null ? null : new String(id, StandardCharsets.ISO_8859_1);
    }

    /**
     * The CID we asked the client to send (RFC 9146), or null if none was negotiated. Bouncy Castle
     * calls it the "peer" CID: the one in the records we receive.
     */
    public byte[] localConnectionId() {
        byte[] cid = context.getSecurityParametersConnection().getConnectionIDPeer();
        return cid == null || cid.length == 0 ? null : cid.clone();
    }

    private void rememberSession() {
        SessionCache<java.nio.ByteBuffer> cache = sessions;
        if (cache != null && !resumed()) {
            org.bouncycastle.tls.TlsSession s = SessionCache.adoptedBy(context.getResumableSession(), sharedCrypto);
            String identity = pskIdentity();
            if (s != null) {
                cache.put(java.nio.ByteBuffer.wrap(s.getSessionID()), s, identity == null ? NO_PSK : keyDigest(identity));
            }
        }
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
