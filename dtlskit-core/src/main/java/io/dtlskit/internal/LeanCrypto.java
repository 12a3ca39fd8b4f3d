package io.dtlskit.internal;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Bouncy Castle's crypto, except that the hashes (see {@link JdkDigest}) and AES-GCM record
 * protection run on the JDK's primitives. AES-GCM runs on the JDK's
 * {@code AES/GCM/NoPadding} (AES-NI and carry-less-multiply intrinsics). Measured by the bench
 * module's RecordBenchmark (one 100-byte record encrypted and decrypted): about 4x faster than
 * Bouncy Castle's Java AES-GCM, and the JDK cipher keeps no per-key GHASH tables, whereas Bouncy
 * Castle's default multiplier holds ~9 KiB per key, 18 KiB per association (read and write epochs).
 * SHA-1/SHA-2 for the transcript hash, the PRF's HMAC and the record MACs of CBC suites run on the
 * JDK's intrinsified {@code MessageDigest}. Everything else (the PRF and HMAC constructions themselves,
 * the other suites such as CCM, which the JDK lacks) stays Bouncy Castle's, so every suite dtlskit
 * offers is still available. Not final: each association's peer extends it to watch its record cipher
 * ({@link Renegotiation}).
 */
public class LeanCrypto extends BcTlsCrypto {
    private static final String GCM = "AES/GCM/NoPadding";
    /**
     * The provider that serves AES/GCM, looked up once: Cipher.getInstance(transformation) walks the
     * provider list on every call, 7-9% of a handshake's CPU in the bench profile (two per handshake).
     */
    private static final java.security.Provider GCM_PROVIDER = gcmProvider();

    private static java.security.Provider gcmProvider() {
        try {
            return Cipher.getInstance(GCM).getProvider();
        } catch (GeneralSecurityException e) {
            return null; // reported when an AES-GCM suite is negotiated
        }
    }

    public LeanCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    public Digest createDigest(int cryptoHashAlgorithm) {
        Digest jdk = JdkDigest.forAlgorithm(cryptoHashAlgorithm);
        return jdk != null ? jdk : super.createDigest(cryptoHashAlgorithm);
    }

    @Override
    public Digest cloneDigest(int cryptoHashAlgorithm, Digest digest) {
        return digest instanceof JdkDigest jdk ? (Digest) jdk.copy() : super.cloneDigest(cryptoHashAlgorithm, digest);
    }

    @Override
    protected TlsAEADCipher createCipher_AES_GCM(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize)
            throws IOException {
        return new TlsAEADCipher(cryptoParams, new JdkGcm(true, cipherKeySize), new JdkGcm(false, cipherKeySize),
                cipherKeySize, macSize, TlsAEADCipher.AEAD_GCM, null);
    }

    /** One direction of AES-GCM on a JDK cipher; the key is set once per epoch, a nonce per record. */
    private static final class JdkGcm implements TlsAEADCipherImpl {
        private final boolean encrypt;
        private final int keySize;
        private final Cipher cipher;
        private SecretKeySpec key;
        /** The tag length of the record being processed (set by init). */
        private int macSize;

        JdkGcm(boolean encrypt, int keySize) throws IOException {
            this.encrypt = encrypt;
            this.keySize = keySize;
            try {
                this.cipher = GCM_PROVIDER != null ? Cipher.getInstance(GCM, GCM_PROVIDER) : Cipher.getInstance(GCM);
            } catch (GeneralSecurityException e) {
                throw new IOException("the JDK offers no AES/GCM/NoPadding: " + e.getMessage(), e);
            }
        }

        @Override
        public void setKey(byte[] k, int off, int len) {
            if (len != keySize) {
                throw new IllegalStateException("AES-GCM key of " + len + " bytes, expected " + keySize);
            }
            key = new SecretKeySpec(k, off, len, "AES");
        }

        @Override
        public void init(byte[] nonce, int macSize) throws IOException {
            this.macSize = macSize;
            try {
                cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                        new GCMParameterSpec(macSize * 8, nonce));
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM init failed: " + e.getMessage(), e);
            }
        }

        /**
         * Computed, not asked: one-shot GCM (RFC 5116 §5.1) adds the tag to the plaintext and removes it
         * from the ciphertext, which is what SunJCE answers with nothing buffered (doFinal takes each
         * record whole). Asking it was 9-10% of each side's CPU in the echo profile.
         */
        @Override
        public int getOutputSize(int inputLength) {
            return encrypt ? inputLength + macSize : Math.max(0, inputLength - macSize);
        }

        @Override
        public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                           int outputOffset) throws IOException {
            try {
                if (additionalData != null && additionalData.length > 0) {
                    cipher.updateAAD(additionalData);
                }
                // One call for the whole record: nothing is released before the tag is checked.
                return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
            } catch (AEADBadTagException e) {
                throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM failed: " + e.getMessage(), e);
            }
        }
    }
}
