package io.dtlskit.internal;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCloseable;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsDecodeResult;
import org.bouncycastle.tls.crypto.TlsEncodeResult;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.security.SecureRandom;

/**
 * One association's renegotiation policy, the same on both sides: dtlskit never renegotiates, so a
 * peer without RFC 5746 (neither the renegotiation_info extension nor the SCSV, as many small DTLS
 * stacks and GnuTLS with {@code %DISABLE_SAFE_RENEGOTIATION}) is accepted and reported once, and a
 * renegotiation the peer starts is refused with a {@code no_renegotiation} warning (RFC 5246 §7.2.2)
 * while the association carries on.
 *
 * <p>Bouncy Castle 1.84 throws handshake_failure for such peers ({@code
 * AbstractTlsPeer.notifySecureRenegotiation}) and, once established, drops any handshake record without
 * a word. To see the peer's ClientHello (server side) or HelloRequest (client side), the association's
 * crypto wraps the record cipher and looks at records it has authenticated; epoch 0 never passes here.
 * DTLS in 1.84 has no public way to send a warning alert, so the one alert goes through the record
 * layer's package-private {@code warn}, reached from the handle {@code TlsPeer.notifyCloseHandle} gives
 * us: the engine's own record protection and sequence numbers, nothing written by hand. If that method
 * is not there or not open to us (another Bouncy Castle; Bouncy Castle as a named module on the module
 * path without {@code --add-opens org.bouncycastle.tls/org.bouncycastle.tls=io.dtlskit}), the request is
 * only ignored, as the engine does, and the event says so (docs/bouncy-castle.md #11).
 */
public final class Renegotiation {
    /** What the association reports; called on its thread. */
    public interface Listener {
        /** The peer sent neither the RFC 5746 extension nor the SCSV; reported once per association. */
        default void peerLacksSecureRenegotiation() {
        }

        /**
         * The peer tried to renegotiate; {@code alertSent} says whether no_renegotiation went out. Reported
         * for the first attempt only: a peer that retries (GnuTLS retransmits its ClientHello after each
         * warning) is refused the same way every time, without an event each time.
         */
        default void renegotiationRefused(boolean alertSent) {
        }
    }

    private static final Method WARN = warnMethod();

    private final boolean server;
    private final Listener listener;
    private volatile boolean established;
    private volatile TlsCloseable recordLayer;
    private boolean reported;
    private boolean refused; // receiving thread only

    /** @param server true on the server side, where the peer renegotiates with a ClientHello */
    public Renegotiation(boolean server, Listener listener) {
        this.server = server;
        this.listener = listener;
    }

    /** The association's crypto: ours, with the record cipher watched for a renegotiation. */
    public LeanCrypto crypto(SecureRandom random) {
        return new WatchingCrypto(random, new WeakReference<>(this));
    }

    /**
     * Static and holding the policy weakly: a session kept for resumption keeps its master secret, the
     * secret keeps the crypto that made it, and that must not keep the whole association (its record
     * layer and callbacks) alive with it. During the handshake, when ciphers are made, the peer holds
     * the policy.
     */
    private static final class WatchingCrypto extends LeanCrypto {
        private final WeakReference<Renegotiation> owner;

        WatchingCrypto(SecureRandom random, WeakReference<Renegotiation> owner) {
            super(random);
            this.owner = owner;
        }

        @Override
        public TlsCipher createCipher(TlsCryptoParameters params, int encryptionAlgorithm, int macAlgorithm)
                throws IOException {
            TlsCipher cipher = super.createCipher(params, encryptionAlgorithm, macAlgorithm);
            Renegotiation policy = owner.get();
            return policy == null ? cipher : policy.new Watched(cipher);
        }
    }

    /** From {@code TlsPeer.notifySecureRenegotiation}: accept either way, report a legacy peer once. */
    public void secureRenegotiation(boolean supported) {
        if (!supported && !reported) {
            reported = true;
            listener.peerLacksSecureRenegotiation();
        }
    }

    /** From {@code TlsPeer.notifyCloseHandle}: the record layer, to send the warning through. */
    public void closeHandle(TlsCloseable handle) {
        this.recordLayer = handle;
    }

    /** From {@code TlsPeer.notifyHandshakeComplete}: from now on a hello from the peer is a renegotiation. */
    public void established() {
        established = true;
    }

    /** An authenticated record of the peer's, after decryption (on the receiving thread). */
    private void inspect(TlsDecodeResult r) {
        if (!established || r.contentType != ContentType.handshake || r.len < Records.HANDSHAKE_HEADER) {
            return;
        }
        int type = r.buf[r.off] & 0xff;
        int fragmentOffset = Records.u24(r.buf, r.off + 6);
        short starts = server ? HandshakeType.client_hello : HandshakeType.hello_request;
        if (type != starts || fragmentOffset != 0) {
            return; // e.g. the peer's Finished sent again: the engine answers that itself
        }
        boolean alertSent = warn();
        if (!refused) {
            refused = true;
            listener.renegotiationRefused(alertSent);
        }
    }

    private boolean warn() {
        TlsCloseable layer = recordLayer;
        if (WARN == null || layer == null || !WARN.getDeclaringClass().isInstance(layer)) {
            return false;
        }
        try {
            WARN.invoke(layer, AlertDescription.no_renegotiation, "renegotiation refused");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Method warnMethod() {
        try {
            Method m = Class.forName("org.bouncycastle.tls.DTLSRecordLayer")
                    .getDeclaredMethod("warn", short.class, String.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The engine's record cipher, unchanged, with decrypted records shown to {@link #inspect}. */
    private final class Watched implements TlsCipher {
        private final TlsCipher cipher;

        Watched(TlsCipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public TlsDecodeResult decodeCiphertext(long seqNo, short recordType, ProtocolVersion recordVersion,
                                                byte[] ciphertext, int offset, int len) throws IOException {
            TlsDecodeResult r = cipher.decodeCiphertext(seqNo, recordType, recordVersion, ciphertext, offset, len);
            inspect(r);
            return r;
        }

        @Override
        public TlsEncodeResult encodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
                                               int headerAllocation, byte[] plaintext, int offset, int len)
                throws IOException {
            return cipher.encodePlaintext(seqNo, contentType, recordVersion, headerAllocation, plaintext, offset, len);
        }

        @Override
        public int getCiphertextDecodeLimit(int plaintextLimit) {
            return cipher.getCiphertextDecodeLimit(plaintextLimit);
        }

        @Override
        public int getCiphertextEncodeLimit(int plaintextLimit) {
            return cipher.getCiphertextEncodeLimit(plaintextLimit);
        }

        @Override
        public int getPlaintextDecodeLimit(int ciphertextLimit) {
            return cipher.getPlaintextDecodeLimit(ciphertextLimit);
        }

        @Override
        public int getPlaintextEncodeLimit(int ciphertextLimit) {
            return cipher.getPlaintextEncodeLimit(ciphertextLimit);
        }

        @Override
        public void rekeyDecoder() throws IOException {
            cipher.rekeyDecoder();
        }

        @Override
        public void rekeyEncoder() throws IOException {
            cipher.rekeyEncoder();
        }

        @Override
        public boolean usesOpaqueRecordTypeDecode() {
            return cipher.usesOpaqueRecordTypeDecode();
        }

        @Override
        public boolean usesOpaqueRecordTypeEncode() {
            return cipher.usesOpaqueRecordTypeEncode();
        }
    }
}
