package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;
import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code openssl s_client -dtls1_2 -psk ...}: sends each stdin line as one record and prints what
 * arrives. Handshake line {@code Cipher is X}; end of stdin makes it send close_notify and exit.
 */
final class OpenSslClient implements PeerClient {
    private PeerProcess process;
    private CipherSuite suite;
    private int afterHandshake = -1;

    @Override
    public String peer() {
        return "OpenSSL";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Optional.empty();
    }

    @Override
    public void start(InetSocketAddress server, CipherSuite suite, String keyHex) throws Exception {
        Peers.require("openssl");
        this.suite = suite;
        process = PeerProcess.start("openssl s_client", List.of("openssl", "s_client", "-dtls1_2", "-connect",
                server.getAddress().getHostAddress() + ":" + server.getPort(), "-psk", keyHex,
                "-psk_identity", Peers.IDENTITY, "-cipher", suite.openSslName()), null);
    }

    @Override
    public PeerServer.Expected sendPing(int n) throws Exception {
        if (afterHandshake < 0) {
            afterHandshake = process.awaitOutput("Cipher is " + suite.openSslName(), Peers.STEP,
                    "its handshake line with the suite");
        }
        String line = PeerClient.ping("openssl s_client", n) + "\n";
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
        int code = process.awaitExit(Peers.STEP, "after end of stdin");
        if (code != 0) {
            throw new AssertionError("openssl s_client exited with " + code + "; output:\n" + process.tail());
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
