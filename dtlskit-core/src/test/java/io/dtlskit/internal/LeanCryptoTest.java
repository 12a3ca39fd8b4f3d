package io.dtlskit.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LeanCrypto's JDK digests must give exactly Bouncy Castle's results wherever Bouncy Castle uses a
 * digest: plain hashing, copies of a running hash (the transcript hash is cloned for each Finished,
 * RFC 5246 §7.4.9), HMAC with its saved pad states, and the TLS 1.2 PRF (RFC 5246 §5).
 */
class LeanCryptoTest {
    private static final int[] HASHES = {CryptoHashAlgorithm.sha1, CryptoHashAlgorithm.sha256,
            CryptoHashAlgorithm.sha384, CryptoHashAlgorithm.sha512};

    private final BcTlsCrypto bc = new BcTlsCrypto(new SecureRandom());
    private final LeanCrypto lean = new LeanCrypto(new SecureRandom());

    @Test
    void servesTheTlsHashesFromTheJdk() {
        for (int h : HASHES) {
            assertThat(lean.createDigest(h)).as("hash %d", h).isInstanceOf(JdkDigest.class);
        }
        assertThat(lean.createDigest(CryptoHashAlgorithm.md5)).isNotInstanceOf(JdkDigest.class);
    }

    @Property(tries = 200, seed = "16")
    void digestsMatchBouncyCastle(@ForAll @Size(max = 600) byte[] first, @ForAll @Size(max = 300) byte[] second,
                                  @ForAll @IntRange(min = 0, max = 3) int which) {
        int h = HASHES[which];
        Digest ours = lean.createDigest(h);
        Digest theirs = bc.createDigest(h);
        assertThat(ours.getDigestSize()).isEqualTo(theirs.getDigestSize());
        ours.update(first, 0, first.length);
        theirs.update(first, 0, first.length);
        // A copy continues from the running state and leaves the original alone.
        Digest ourCopy = lean.cloneDigest(h, ours);
        Digest theirCopy = bc.cloneDigest(h, theirs);
        ourCopy.update(second, 0, second.length);
        theirCopy.update(second, 0, second.length);
        assertThat(finish(ourCopy)).isEqualTo(finish(theirCopy));
        assertThat(finish(ours)).isEqualTo(finish(theirs));
        // doFinal resets: the digest is reusable.
        ours.update((byte) 7);
        theirs.update((byte) 7);
        assertThat(finish(ours)).isEqualTo(finish(theirs));
    }

    @Property(tries = 100, seed = "16")
    void transcriptHashesMatch(@ForAll @Size(max = 2000) byte[] transcript, @ForAll @IntRange(min = 0, max = 3) int which) {
        TlsHash ours = lean.createHash(HASHES[which]);
        TlsHash theirs = bc.createHash(HASHES[which]);
        ours.update(transcript, 0, transcript.length);
        theirs.update(transcript, 0, transcript.length);
        assertThat(ours.cloneHash().calculateHash()).isEqualTo(theirs.cloneHash().calculateHash());
        assertThat(ours.calculateHash()).isEqualTo(theirs.calculateHash());
    }

    @Property(tries = 100, seed = "16")
    void hmacMatches(@ForAll @Size(min = 1, max = 200) byte[] key, @ForAll @Size(max = 500) byte[] message,
                     @ForAll @IntRange(min = 0, max = 3) int which) {
        HMac ours = new HMac(lean.createDigest(HASHES[which]));
        HMac theirs = new HMac(bc.createDigest(HASHES[which]));
        ours.init(new KeyParameter(key));
        theirs.init(new KeyParameter(key));
        // Twice with one key: the second MAC starts from the saved pad states (Memoable.reset).
        for (int round = 0; round < 2; round++) {
            ours.update(message, 0, message.length);
            theirs.update(message, 0, message.length);
            byte[] a = new byte[ours.getMacSize()];
            byte[] b = new byte[theirs.getMacSize()];
            ours.doFinal(a, 0);
            theirs.doFinal(b, 0);
            assertThat(a).isEqualTo(b);
        }
    }

    @Property(tries = 50, seed = "16")
    void prfMatches(@ForAll @Size(min = 1, max = 80) byte[] secret, @ForAll @Size(min = 64, max = 64) byte[] seed,
                    @ForAll @IntRange(min = 12, max = 200) int length) {
        for (int prf : new int[] {PRFAlgorithm.tls_prf_sha256, PRFAlgorithm.tls_prf_sha384}) {
            byte[] ours = lean.createSecret(secret.clone()).deriveUsingPRF(prf, "key expansion", seed, length).extract();
            byte[] theirs = bc.createSecret(secret.clone()).deriveUsingPRF(prf, "key expansion", seed, length).extract();
            assertThat(ours).isEqualTo(theirs);
        }
    }

    @Property(tries = 50, seed = "16")
    void gcmRecordsRoundTripAndTheComputedSizesAreExact(@ForAll @Size(max = 1500) byte[] plaintext) throws Exception {
        // Both directions of one epoch, as Bouncy Castle's TlsAEADCipher uses them: init, getOutputSize, doFinal.
        org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl enc = gcm(true);
        org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl dec = gcm(false);
        byte[] nonce = new byte[12];
        byte[] aad = {1, 2, 3};
        enc.init(nonce, 16);
        byte[] sealed = new byte[enc.getOutputSize(plaintext.length)];
        assertThat(enc.doFinal(aad, plaintext, 0, plaintext.length, sealed, 0)).isEqualTo(sealed.length);
        assertThat(sealed.length).isEqualTo(plaintext.length + 16);
        dec.init(nonce, 16);
        byte[] opened = new byte[dec.getOutputSize(sealed.length)];
        assertThat(dec.doFinal(aad, sealed, 0, sealed.length, opened, 0)).isEqualTo(opened.length);
        assertThat(opened).isEqualTo(plaintext);
        dec.init(nonce, 16);
        assertThat(dec.getOutputSize(15)).isZero(); // shorter than the tag: nothing, not negative
    }

    /** LeanCrypto's AES-GCM for one direction, keyed with a fixed 128-bit key. */
    private org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl gcm(boolean encrypt) throws Exception {
        java.lang.reflect.Constructor<?> c = Class.forName("io.dtlskit.internal.LeanCrypto$JdkGcm")
                .getDeclaredConstructor(boolean.class, int.class);
        c.setAccessible(true);
        org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl impl =
                (org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl) c.newInstance(encrypt, 16);
        byte[] key = new byte[16];
        new java.util.Random(16).nextBytes(key);
        impl.setKey(key, 0, 16);
        return impl;
    }

    private static byte[] finish(Digest d) {
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }
}
