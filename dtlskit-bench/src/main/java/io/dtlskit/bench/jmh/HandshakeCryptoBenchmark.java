package io.dtlskit.bench.jmh;

import io.dtlskit.internal.LeanCrypto;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.CryptoHashAlgorithm;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The hashing one side of a full DTLS 1.2 PSK handshake asks of its {@link TlsCrypto}, without the
 * protocol around it: the transcript hash over the handshake messages (cloned for each Finished,
 * RFC 5246 §7.4.9; BC hashes the DTLS message headers too), the extended master secret (RFC 7627 §4),
 * the key block (RFC 5246 §6.3) and both Finished values through the PRF (RFC 5246 §5).
 * {@code before} is Bouncy Castle's {@code BcTlsCrypto}, which for these operations is exactly what
 * LeanCrypto did before the JDK digests (LeanCrypto changed only AES-GCM, not used here);
 * {@code lean} is LeanCrypto now. The ratio of the two is the gain of that change alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HandshakeCryptoBenchmark {
    /** Bytes of handshake messages a PSK handshake with cookie hashes (measured: about 700). */
    private static final int TRANSCRIPT = 700;

    @Param({"before", "lean"})
    String crypto;

    @Param({"sha256", "sha384"})
    String prf;

    private TlsCrypto tls;
    private byte[] transcript;
    private byte[] premaster;
    private byte[] randoms;
    private int prfAlgorithm;
    private int hash;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        tls = switch (crypto) {
            case "before" -> new BcTlsCrypto(random);
            case "lean" -> new LeanCrypto(random);
            default -> throw new IllegalArgumentException(crypto);
        };
        prfAlgorithm = prf.equals("sha384") ? PRFAlgorithm.tls_prf_sha384 : PRFAlgorithm.tls_prf_sha256;
        hash = prf.equals("sha384") ? CryptoHashAlgorithm.sha384 : CryptoHashAlgorithm.sha256;
        Random seeded = new Random(16);
        transcript = new byte[TRANSCRIPT];
        seeded.nextBytes(transcript);
        premaster = new byte[2 + 6 + 2 + 6]; // RFC 4279 §2: lengths, zeros, lengths, a 6-byte PSK
        seeded.nextBytes(premaster);
        randoms = new byte[64];
        seeded.nextBytes(randoms);
    }

    @Benchmark
    public Object oneSide() {
        TlsHash handshakeHash = tls.createHash(hash);
        handshakeHash.update(transcript, 0, TRANSCRIPT - 100);
        byte[] sessionHash = handshakeHash.cloneHash().calculateHash();
        TlsSecret master = tls.createSecret(premaster.clone())
                .deriveUsingPRF(prfAlgorithm, "extended master secret", sessionHash, 48);
        byte[] keyBlock = master.deriveUsingPRF(prfAlgorithm, "key expansion", randoms, 40).extract();
        byte[] clientFinished = master.deriveUsingPRF(prfAlgorithm, "client finished",
                handshakeHash.cloneHash().calculateHash(), 12).extract();
        handshakeHash.update(transcript, TRANSCRIPT - 100, 100);
        byte[] serverFinished = master.deriveUsingPRF(prfAlgorithm, "server finished",
                handshakeHash.calculateHash(), 12).extract();
        return keyBlock[0] + clientFinished[0] + serverFinished[0];
    }
}
