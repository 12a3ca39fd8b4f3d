package io.dtlskit.bench.jmh;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warm sequential handshake latency through the public API: one full handshake (cookie exchange
 * included) at a time from a {@link DtlsClient} to a {@link DtlsServer} on loopback, in one JVM.
 * Sample mode, so the report holds the median and the tail (p0.50, p0.90, p0.99).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HandshakeBenchmark {
    @Param({"TLS_PSK_WITH_AES_128_GCM_SHA256"})
    String suite;

    private DtlsServer server;
    private DtlsClient client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        List<CipherSuite> suites = List.of(CipherSuite.parse(suite));
        server = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskKey(PskKey.ofHex("1a2b3c4d5e6f")).cipherSuites(suites).start();
        client = DtlsClient.builder().pskKey(PskKey.ofHex("1a2b3c4d5e6f")).cipherSuites(suites)
                .handshakeTimeout(Duration.ofSeconds(10)).build();
    }

    @Benchmark
    public Object handshake() throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("jmh").connect();
        try {
            return a.handshake().get(10, TimeUnit.SECONDS);
        } finally {
            a.close();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        server.close();
    }
}
