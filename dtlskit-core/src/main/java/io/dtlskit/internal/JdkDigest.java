package io.dtlskit.internal;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.util.Memoable;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A Bouncy Castle {@code Digest} on the JDK's {@link MessageDigest}, whose SHA-1 and SHA-2 compression
 * functions are HotSpot intrinsics (SHA-NI, or AVX2 where the CPU lacks it). Bouncy Castle's TLS code
 * runs every hash of a handshake through {@code BcTlsCrypto.createDigest}: the transcript hash for the
 * Finished messages (RFC 5246 §7.4.9), the PRF's HMAC (RFC 5246 §5) for the master secret, the key
 * block and both Finished values. In the bench profile its pure-Java {@code SHA256Digest} was the
 * hottest frame of a PSK handshake on both sides.
 *
 * <p>Implements {@link Memoable} so that Bouncy Castle's {@code HMac} keeps its inner and outer pad
 * states once per key instead of re-hashing them per MAC, as it does for its own digests.
 */
final class JdkDigest implements ExtendedDigest, Memoable {
    private static final MessageDigest SHA1 = prototype("SHA-1");
    private static final MessageDigest SHA256 = prototype("SHA-256");
    private static final MessageDigest SHA384 = prototype("SHA-384");
    private static final MessageDigest SHA512 = prototype("SHA-512");

    private final String name;
    private final int blockLength;
    private MessageDigest digest;

    private JdkDigest(String name, int blockLength, MessageDigest digest) {
        this.name = name;
        this.blockLength = blockLength;
        this.digest = digest;
    }

    /**
     * The JDK digest for a TLS hash algorithm, or null where the JDK has none that clones (Bouncy
     * Castle's then serves it).
     */
    static JdkDigest forAlgorithm(int cryptoHashAlgorithm) {
        return switch (cryptoHashAlgorithm) {
            case CryptoHashAlgorithm.sha1 -> of("SHA-1", 64, SHA1);
            case CryptoHashAlgorithm.sha256 -> of("SHA-256", 64, SHA256);
            case CryptoHashAlgorithm.sha384 -> of("SHA-384", 128, SHA384);
            case CryptoHashAlgorithm.sha512 -> of("SHA-512", 128, SHA512);
            default -> null;
        };
    }

    /** A fresh JDK SHA-256 (every Java platform has one), cloned from the prototype. */
    static MessageDigest sha256() {
        if (SHA256 == null) {
            throw new IllegalStateException("SHA-256 is required of every Java platform");
        }
        return copyOf(SHA256);
    }

    private static JdkDigest of(String name, int blockLength, MessageDigest prototype) {
        return prototype == null ? null : new JdkDigest(name, blockLength, copyOf(prototype));
    }

    /**
     * One instance per algorithm, cloned for every digest: {@code MessageDigest.getInstance} walks the
     * provider list and instantiates by reflection, which a handshake would do a few dozen times.
     */
    private static MessageDigest prototype(String algorithm) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.clone(); // only a cloneable implementation will do
            return md;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            return null;
        }
    }

    private static MessageDigest copyOf(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("checked cloneable when the prototype was made", e);
        }
    }

    @Override
    public String getAlgorithmName() {
        return name;
    }

    @Override
    public int getDigestSize() {
        return digest.getDigestLength();
    }

    @Override
    public int getByteLength() {
        return blockLength;
    }

    @Override
    public void update(byte in) {
        digest.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
        digest.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
        try {
            return digest.digest(out, outOff, digest.getDigestLength());
        } catch (DigestException e) {
            // Bouncy Castle sizes the output from getDigestSize(); a short buffer is a bug upstream.
            throw new IllegalStateException(name + " output buffer too short", e);
        }
    }

    @Override
    public void reset() {
        digest.reset();
    }

    @Override
    public Memoable copy() {
        return new JdkDigest(name, blockLength, copyOf(digest));
    }

    @Override
    public void reset(Memoable other) {
        digest = copyOf(((JdkDigest) other).digest);
    }
}
