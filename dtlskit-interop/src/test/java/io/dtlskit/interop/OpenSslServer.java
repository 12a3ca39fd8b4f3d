package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;
import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code openssl s_server -dtls1_2 -nocert -psk ...}: it prints what arrives and sends what it
 * reads on stdin (no echo). Ready line {@code ACCEPT}; handshake line {@code CIPHER is X}; a
 * close_notify from the client prints {@code DONE} (stdin stays open, so DONE means the peer's alert).
 */
final class OpenSslServer implements PeerServer {
    private PeerProcess process;
    private int afterHandshake;

    @Override
    public String peer() {
        return "OpenSSL";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Optional.empty(); // OpenSSL 3.0 has all six; CCM8 must be named (DEFAULT excludes it)
    }

    @Override
    public InetSocketAddress start(CipherSuite suite) throws Exception {
        Peers.require("openssl");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freeUdpPort();
            process = PeerProcess.start("openssl s_server", List.of("openssl", "s_server", "-dtls1_2",
                    "-accept", "127.0.0.1:" + port, "-nocert", "-psk", Peers.KEY_HEX, "-psk_identity", Peers.IDENTITY,
                    "-psk_hint", Peers.HINT, "-cipher", suite.openSslName()), null);
            try {
                process.awaitOutput("ACCEPT", Peers.READY, "its ready line");
                return Peers.loopback(port);
            } catch (AssertionError e) {
                last = e; // most likely lost the port to someone else: try another
                process.close();
            }
        }
        throw last;
    }

    @Override
    public void awaitReceived(String plaintext, Duration timeout) {
        if (afterHandshake == 0) {
            afterHandshake = process.awaitOutput("CIPHER is ", timeout, "the negotiated cipher");
        }
        process.awaitOutput(plaintext, afterHandshake, timeout, "our ping");
    }

    @Override
    public Expected reply(int n, String ping) throws Exception {
        String line = "reply " + n + " from openssl s_server\n";
        process.write(line); // s_server sends each stdin read as one record
        return Expected.exactly(line);
    }

    @Override
    public void awaitClosed(Duration timeout) {
        process.awaitOutput("DONE", afterHandshake, timeout, "DONE after our close_notify");
    }

    @Override
    public Optional<String> acceptsAnyIdentity() {
        return Optional.of("s_server only warns about an unexpected identity and uses its one key");
    }

    @Override
    public void awaitIdentityWarning(Duration timeout) {
        process.awaitOutput("PSK warning: client identity not what we expected", timeout, "its identity warning");
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
