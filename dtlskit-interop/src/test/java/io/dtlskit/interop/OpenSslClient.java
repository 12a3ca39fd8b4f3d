package io.dtlskit.interop;

import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code openssl s_client -dtls1_2 -psk ...}: sends each stdin line as one record and prints what
 * arrives. Handshake line {@code Cipher is X}; end of stdin makes it send close_notify and exit.
 */
final class OpenSslClient extends StdinPeerClient {
    private CipherSuite suite;

    OpenSslClient() {
        super("openssl s_client");
    }

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
        run(List.of("openssl", "s_client", "-dtls1_2", "-connect",
                server.getAddress().getHostAddress() + ":" + server.getPort(), "-psk", keyHex,
                "-psk_identity", Peers.IDENTITY, "-cipher", suite.openSslName()));
    }

    @Override
    String handshakeLine() {
        return "Cipher is " + suite.openSslName();
    }

    @Override
    String handshakeWhat() {
        return "its handshake line with the suite";
    }
}
