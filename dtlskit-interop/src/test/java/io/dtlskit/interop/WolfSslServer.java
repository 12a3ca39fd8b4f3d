package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.testing.PeerProcess;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code dtlskit-wolfssl-peer server --ciphers SUITE} (wolfSSL 5.5, see {@link WolfSsl}): echoes each
 * record and prints one line per event: {@code handshake done with A: cipher suite NAME ...},
 * {@code received N bytes from A: TEXT}, {@code close_notify from A}.
 */
final class WolfSslServer implements PeerServer {
    private PeerProcess process;
    private CipherSuite suite;
    private int afterHandshake = -1;

    @Override
    public String peer() {
        return "wolfSSL";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return WolfSsl.unsupported(suite);
    }

    static List<String> command(String program, int port, String ciphers) {
        List<String> c = new java.util.ArrayList<>(List.of(program, "server", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--identity", Peers.IDENTITY, "--key", Peers.KEY_HEX, "--hint", Peers.HINT));
        if (ciphers != null) {
            c.addAll(List.of("--ciphers", ciphers));
        }
        return c;
    }

    @Override
    public InetSocketAddress start(CipherSuite suite) throws Exception {
        this.suite = suite;
        String program = WolfSsl.program().toString();
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freeUdpPort();
            process = PeerProcess.start("wolfSSL server", command(program, port, suite.openSslName()), null);
            try {
                process.awaitOutput(WolfSsl.READY, Peers.READY, "its ready line");
                return Peers.loopback(port);
            } catch (AssertionError e) {
                last = e;
                process.close();
            }
        }
        throw last;
    }

    @Override
    public void awaitReceived(String plaintext, Duration timeout) {
        if (afterHandshake < 0) {
            afterHandshake = process.awaitOutput(": cipher suite " + suite.name() + " ", timeout, "the negotiated suite");
        }
        process.awaitOutput(": " + WolfSsl.printed(plaintext) + "\n", afterHandshake, timeout, "our ping");
    }

    @Override
    public Expected reply(int n, String ping) {
        return Expected.exactly(ping);
    }

    @Override
    public void awaitClosed(Duration timeout) {
        process.awaitOutput("close_notify from ", afterHandshake, timeout, "our close_notify");
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
