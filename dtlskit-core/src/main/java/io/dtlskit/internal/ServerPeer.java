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
        rememberSession();
        policy.handshakeComplete(context);
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
        return cache == null || sessionID == null || sessionID.length == 0 ? null
                : cache.get(java.nio.ByteBuffer.wrap(sessionID.clone()));
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
            org.bouncycastle.tls.TlsSession s = context.getResumableSession();
            if (s != null) {
                cache.put(java.nio.ByteBuffer.wrap(s.getSessionID()), s);
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
            PskKey key = keys.key(id);
            callbacks.identityReceived(id, key != null);
            // null makes Bouncy Castle raise unknown_psk_identity; a fresh copy each time: BC zeroes it
            // (docs/bouncy-castle.md #1).
            return key == null ? null : key.copy();
        }
    }
}
