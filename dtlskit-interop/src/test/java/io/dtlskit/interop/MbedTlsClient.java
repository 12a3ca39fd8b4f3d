package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;
import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * mbedTLS 2.28's {@code ssl_client2 dtls=1 exchanges=3}: after the handshake it sends its HTTP GET,
 * reads one reply, three times, then sends close_notify and exits. It decides its own messages, so
 * {@link #sendPing} only says what it sends.
 */
final class MbedTlsClient implements PeerClient {
    private PeerProcess process;
    private CipherSuite suite;
    private int afterHandshake = -1;

    @Override
    public String peer() {
        return "mbedTLS";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Optional.empty();
    }

    @Override
    public void start(InetSocketAddress server, CipherSuite suite, String keyHex) throws Exception {
        var program = Peers.require("ssl_client2");
        this.suite = suite;
        process = PeerProcess.start("mbedTLS ssl_client2", List.of(program.toString(), "dtls=1",
                "server_addr=" + server.getAddress().getHostAddress(), "server_port=" + server.getPort(),
                "psk=" + keyHex, "psk_identity=" + Peers.IDENTITY, "crt_file=none", "key_file=none",
                "ca_file=none", "force_ciphersuite=" + Peers.mbedTlsName(suite), "exchanges=3"), null);
    }

    @Override
    public PeerServer.Expected sendPing(int n) {
        if (afterHandshake < 0) {
            afterHandshake = process.awaitOutput("[ Ciphersuite is " + Peers.mbedTlsName(suite) + " ]", Peers.STEP,
                    "its handshake line with the suite");
        }
        return new PeerServer.Expected("its HTTP GET", text -> text.startsWith("GET / HTTP/1.0"));
    }

    @Override
    public void awaitReply(int n, Duration timeout) {
        process.awaitCount("): ACK", n + 1, afterHandshake, timeout, "our ACK");
    }

    @Override
    public void closeNotify() throws Exception {
        process.awaitOutput("Closing the connection... done", afterHandshake, Peers.STEP, "its close");
        int code = process.awaitExit(Peers.STEP, "after its three exchanges");
        if (code != 0) {
            throw new AssertionError("ssl_client2 exited with " + code + "; output:\n" + process.tail());
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
