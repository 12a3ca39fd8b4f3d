package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.testing.PeerProcess;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code dtlskit-wolfssl-peer client --ciphers SUITE} (wolfSSL 5.5, see {@link WolfSsl}): handshake,
 * then each stdin line as one record, the reply printed as {@code received: TEXT}; end of stdin sends
 * close_notify and exits 0.
 */
final class WolfSslClient extends StdinPeerClient {
    private CipherSuite suite;

    WolfSslClient() {
        super("wolfSSL client");
    }

    @Override
    public String peer() {
        return "wolfSSL";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return WolfSsl.unsupported(suite);
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
        run(command(WolfSsl.program().toString(), server.getPort(), keyHex, suite.openSslName()));
    }

    @Override
    String handshakeLine() {
        return ": cipher suite " + suite.name() + " ";
    }

    @Override
    String handshakeWhat() {
        return "its handshake line with the suite";
    }

    @Override
    void beforeExit(PeerProcess process, int afterHandshake) {
        process.awaitOutput("close_notify sent", afterHandshake, Peers.STEP, "its close_notify");
    }
}
