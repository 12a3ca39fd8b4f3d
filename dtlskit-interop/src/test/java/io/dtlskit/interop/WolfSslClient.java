package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.testing.PeerProcess;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code dtlskit-wolfssl-peer client --ciphers SUITE} (wolfSSL 5.5, see {@link WolfSsl}): handshake,
 * then each stdin line as one record, the reply printed as {@code received: TEXT}; end of stdin sends
 * close_notify and exits 0.
 */
final class WolfSslClient implements PeerClient {
    private PeerProcess process;
    private CipherSuite suite;
    private int afterHandshake = -1;

    @Override
    public String peer() {
        return "wolfSSL";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        try {
            return WolfSsl.unsupported(suite);
        } catch (Exception e) {
            throw new AssertionError("cannot list wolfSSL's suites: " + e.getMessage(), e);
        }
    }

    static List<String> command(String program, int port, String keyHex, String ciphers) {
        List<String> c = new ArrayList<>(List.of(program, "client", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--identity", Peers.IDENTITY, "--key", keyHex));
        if (ciphers != null) {
            c.addAll(List.of("--ciphers", ciphers));
        }
        return c;
    }

    @Override
    public void start(InetSocketAddress server, CipherSuite suite, String keyHex) throws Exception {
        this.suite = suite;
        process = PeerProcess.start("wolfSSL client", command(WolfSsl.program().toString(), server.getPort(), keyHex,
                suite.openSslName()), null);
    }

    @Override
    public PeerServer.Expected sendPing(int n) throws Exception {
        if (afterHandshake < 0) {
            afterHandshake = process.awaitOutput(": cipher suite " + suite.name() + " ", Peers.STEP,
                    "its handshake line with the suite");
        }
        String line = PeerClient.ping("wolfSSL client", n) + "\n";
        process.write(line);
        return PeerServer.Expected.exactly(line);
    }

    @Override
    public void awaitReply(int n, Duration timeout) {
        process.awaitCount("): ACK", n + 1, afterHandshake, timeout, "our ACK");
    }

    @Override
    public void closeNotify() throws Exception {
        process.closeStdin();
        process.awaitOutput("close_notify sent", afterHandshake, Peers.STEP, "its close_notify");
        int code = process.awaitExit(Peers.STEP, "after end of stdin");
        if (code != 0) {
            throw new AssertionError("dtlskit-wolfssl-peer client exited with " + code + "; output:\n" + process.tail());
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
