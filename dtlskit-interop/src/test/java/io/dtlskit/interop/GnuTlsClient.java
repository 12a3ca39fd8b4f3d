package io.dtlskit.interop;

import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code gnutls-cli --udp --pskusername ID --pskkey HEX --priority ...}: sends each stdin line as a
 * record and prints what arrives. Handshake line {@code - Handshake was completed}; end of stdin
 * makes it send close_notify (gnutls_bye) and exit.
 */
final class GnuTlsClient extends StdinPeerClient {
    GnuTlsClient() {
        super("gnutls-cli");
    }

    @Override
    public String peer() {
        return "GnuTLS";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Optional.empty();
    }

    /**
     * gnutls-cli 3.7.9 calls gnutls_psk_server_get_username() when it prints the session info
     * after an (EC)DHE-PSK handshake and dies there with SIGSEGV, before reading stdin. Seen here
     * against gnutls-serv and openssl s_server as well as dtlskit, all sending an identity hint.
     */
    @Override
    public Optional<String> crashesAfterHandshake(CipherSuite suite) {
        if (suite.name().startsWith("TLS_DHE_PSK_") || suite.name().startsWith("TLS_ECDHE_PSK_")) {
            return Optional.of("gnutls-cli 3.7.9 crashes (SIGSEGV in gnutls_psk_server_get_username(), while printing "
                    + "the session info) right after every (EC)DHE-PSK handshake, against gnutls-serv and openssl "
                    + "s_server too");
        }
        return Optional.empty();
    }

    @Override
    public int awaitExit(Duration timeout) throws Exception {
        return process().awaitExit(timeout, "the known crash");
    }

    @Override
    public void start(InetSocketAddress server, CipherSuite suite, String keyHex) throws Exception {
        var program = Peers.require("gnutls-cli");
        run(List.of(program.toString(), "--udp", "-p",
                String.valueOf(server.getPort()), server.getAddress().getHostAddress(), "--pskusername", Peers.IDENTITY,
                "--pskkey", keyHex, "--priority", GnuTlsServer.priority(suite)));
    }

    @Override
    String handshakeLine() {
        return "- Handshake was completed";
    }
}
