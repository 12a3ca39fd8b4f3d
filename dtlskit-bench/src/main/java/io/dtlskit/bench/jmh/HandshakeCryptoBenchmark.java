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
 *
 * <p>{@link #main} measures the same ratio without JMH, robust to a loaded machine: this thread's CPU
 * time over short batches of each, interleaved, median of the batches.
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

    /**
     * {@code java -cp dtlskit-bench.jar io.dtlskit.bench.jmh.HandshakeCryptoBenchmark}: before/after CPU
     * per handshake side, interleaved batches, one JSON line per PRF hash.
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String hash : new String[] {"sha256", "sha384"}) {
            HandshakeCryptoBenchmark[] b = {new HandshakeCryptoBenchmark(), new HandshakeCryptoBenchmark()};
            b[0].crypto = "before";
            b[1].crypto = "lean";
            for (HandshakeCryptoBenchmark x : b) {
                x.prf = hash;
                x.setUp();
            }
            for (int i = 0; i < 20_000; i++) { // JIT warm-up
                b[0].oneSide();
                b[1].oneSide();
            }
            int batches = 31;
            int n = 2_000;
            double[][] micros = new double[2][batches];
            for (int r = 0; r < batches; r++) {
                for (int i = 0; i < 2; i++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int k = 0; k < n; k++) {
                        b[i].oneSide();
                    }
                    micros[i][r] = (threads.getCurrentThreadCpuTime() - t0) / 1e3 / n;
                }
            }
            java.util.Arrays.sort(micros[0]);
            java.util.Arrays.sort(micros[1]);
            double before = micros[0][batches / 2];
            double lean = micros[1][batches / 2];
            System.out.printf(java.util.Locale.ROOT,
                    "{\"prf\":\"%s\",\"beforeCpuUs\":%.2f,\"leanCpuUs\":%.2f,\"ratio\":%.3f,\"batches\":%d}%n",
                    hash, before, lean, lean / before, batches);
        }
    }
}
