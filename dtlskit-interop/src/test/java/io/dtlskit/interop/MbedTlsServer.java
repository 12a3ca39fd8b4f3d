package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;
import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * mbedTLS 2.28's {@code ssl_server2 dtls=1} (built by scripts/install-interop-peers.sh): answers
 * every record with a small HTTP page naming the suite. Ready text {@code Waiting for a remote
 * connection ...} (no newline); a close_notify prints {@code connection was closed gracefully}.
 * {@code exchanges=100} keeps it from closing first after our three pings.
 */
final class MbedTlsServer implements PeerServer {
    private PeerProcess process;
    private CipherSuite suite;
    private int afterHandshake;

    @Override
    public String peer() {
        return "mbedTLS";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Optional.empty();
    }

    @Override
    public InetSocketAddress start(CipherSuite suite) throws Exception {
        this.suite = suite;
        var program = Peers.require("ssl_server2");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freeUdpPort();
            process = PeerProcess.start("mbedTLS ssl_server2", List.of(program.toString(), "dtls=1",
                    "server_addr=127.0.0.1", "server_port=" + port, "psk=" + Peers.KEY_HEX,
                    "psk_identity=" + Peers.IDENTITY, "crt_file=none", "key_file=none", "crt_file2=none",
                    "key_file2=none", "force_ciphersuite=" + Peers.mbedTlsName(suite), "exchanges=100"), null);
            try {
                process.awaitOutput("Waiting for a remote connection", Peers.READY, "its ready text");
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
        if (afterHandshake == 0) {
            afterHandshake = process.awaitOutput("[ Ciphersuite is " + Peers.mbedTlsName(suite) + " ]", timeout,
                    "the negotiated suite");
        }
        process.awaitOutput(plaintext, afterHandshake, timeout, "our ping");
    }

    @Override
    public Expected reply(int n, String ping) {
        String marker = "Successful connection using: " + Peers.mbedTlsName(suite);
        return new Expected("its HTTP page with '" + marker + "'", text -> text.startsWith("HTTP/1.0 200 OK")
                && text.contains(marker));
    }

    @Override
    public void awaitClosed(Duration timeout) {
        process.awaitOutput("connection was closed gracefully", afterHandshake, timeout, "our close_notify");
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
