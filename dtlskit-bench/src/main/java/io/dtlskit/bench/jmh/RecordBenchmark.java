package io.dtlskit.bench.jmh;

import io.dtlskit.CipherSuite;
import io.dtlskit.PskKey;
import io.dtlskit.internal.ClientPeer;
import io.dtlskit.internal.LeanCrypto;
import io.dtlskit.internal.PeerSettings;
import io.dtlskit.internal.QueueTransport;
import io.dtlskit.internal.ServerPeer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One application record through the library path, no sockets: the client's engine encrypts and
 * sends it through a {@link QueueTransport}, the server's engine takes it from its queue and decrypts
 * it ({@code receiveApplicationData}, as a server session does). Compares the crypto providers the
 * core can use: {@code lean} (dtlskit's LeanCrypto: the JDK's AES-GCM and digests), {@code bc}
 * (Bouncy Castle's default, all pure Java) and {@code jca} (Bouncy Castle's JcaTlsCrypto on the JDK's
 * providers).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RecordBenchmark {
    @Param({"100", "1000"})
    int payload;

    @Param({"lean", "bc", "jca"})
    String crypto;

    @Param({"TLS_PSK_WITH_AES_128_GCM_SHA256"})
    String suite;

    private DTLSTransport client;
    private DTLSTransport server;
    private QueueTransport serverTransport;
    private byte[] data;

    static TlsCrypto crypto(String name) {
        SecureRandom random = new SecureRandom();
        return switch (name) {
            case "lean" -> new LeanCrypto(random);
            case "bc" -> new BcTlsCrypto(random);
            case "jca" -> new JcaTlsCryptoProvider().create(random);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Setup(Level.Trial)
    public void handshake() throws Exception {
        data = new byte[payload];
        PeerSettings settings = new PeerSettings(List.of(CipherSuite.parse(suite)), 10_000, 1_000, null);
        QueueTransport[] pair = new QueueTransport[2];
        pair[0] = new QueueTransport(64, 18_445, 1_372, (b, o, l) -> pair[1].offer(java.util.Arrays.copyOfRange(b, o, o + l)) || true,
                new QueueTransport.Observer() { });
        pair[1] = new QueueTransport(64, 18_445, 1_372, (b, o, l) -> pair[0].offer(java.util.Arrays.copyOfRange(b, o, o + l)) || true,
                new QueueTransport.Observer() { });
        serverTransport = pair[1];
        PskKey key = PskKey.ofHex("1a2b3c4d5e6f");
        ServerPeer serverPeer = new ServerPeer(crypto(crypto), "bench", io.dtlskit.PskStore.single(key), settings, new ServerPeer.Callbacks() {
            public void identityReceived(String identity, boolean known) { }
            public void alertReceived(short level, short description) { }
            public void alertRaised(short level, short description, String message) { }
        });
        ClientPeer clientPeer = new ClientPeer(crypto(crypto), "bench", key, settings, new ClientPeer.Callbacks() {
            public void identityHint(String hint) { }
            public void pskProvided(String identity) { }
            public void alertReceived(short level, short description) { }
            public void alertRaised(short level, short description, String message) { }
        });
        CompletableFuture<DTLSTransport> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                DTLSTransport t = new DTLSServerProtocol().accept(serverPeer, pair[1]);
                pair[1].handshakeDone(); // sends the server's last flight, packed until now (as ServerSession does)
                return t;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        client = new DTLSClientProtocol().connect(clientPeer, pair[0]);
        pair[0].handshakeDone();
        server = accepted.get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public byte[] encryptAndDecrypt() throws IOException {
        client.send(data, 0, data.length);
        return serverTransport.receiveApplicationData(server, 1_000, true);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
