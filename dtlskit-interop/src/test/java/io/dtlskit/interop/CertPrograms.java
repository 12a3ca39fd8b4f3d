package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Command lines of the peer programs with certificates or raw public keys, and their ready lines. */
final class CertPrograms {
    private CertPrograms() {
    }

    /** A server process on a free port, retried if it lost the port; returns it with its address. */
    record Started(PeerProcess process, InetSocketAddress address) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    static Started server(String label, String ready, IntFunction<List<String>> command) throws Exception {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freeUdpPort();
            PeerProcess p = PeerProcess.start(label, command.apply(port), null);
            try {
                p.awaitOutput(ready, Peers.READY, "its ready line");
                return new Started(p, Peers.loopback(port));
            } catch (AssertionError e) {
                last = e;
                p.close();
            }
        }
        throw last;
    }

    /** {@code openssl s_server} with a certificate; {@code -Verify 1} requires a client certificate. */
    static Started openSslServer(CertFiles f, String cert, String key, boolean requireClient) throws Exception {
        Peers.require("openssl");
        return server("openssl s_server", "ACCEPT", port -> {
            List<String> c = new ArrayList<>(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                    "-cert", f.path(cert), "-key", f.path(key)));
            if (requireClient) {
                c.addAll(List.of("-Verify", "1", "-CAfile", f.path("ca.pem")));
            }
            return c;
        });
    }

    /** {@code openssl s_client} verifying our server against {@code caFile} (and the name localhost). */
    static PeerProcess openSslClient(CertFiles f, InetSocketAddress server, String caFile, boolean withCert) throws Exception {
        Peers.require("openssl");
        List<String> c = new ArrayList<>(List.of("openssl", "s_client", "-dtls1_2", "-connect",
                "127.0.0.1:" + server.getPort(), "-CAfile", f.path(caFile), "-verify_return_error",
                "-verify_hostname", "localhost", "-servername", "localhost"));
        if (withCert) {
            c.addAll(List.of("-cert", f.path("client.pem"), "-key", f.path("client-key.pem")));
        }
        return PeerProcess.start("openssl s_client", c, null);
    }

    /** {@code gnutls-serv --echo} with an X.509 certificate, or a raw public key when {@code raw}. */
    static Started gnuTlsServer(CertFiles f, boolean raw, boolean requireClient) throws Exception {
        String program = Peers.require("gnutls-serv").toString();
        return server("gnutls-serv", GnuTlsServer.READY, port -> {
            List<String> c = new ArrayList<>(List.of(program, "--udp", "--echo", "-p", String.valueOf(port)));
            if (raw) {
                c.addAll(List.of("--rawpkkeyfile", f.path("server-raw-key.pem"), "--rawpkfile", f.path("server-raw.pem"),
                        "--priority", "NORMAL:-VERS-ALL:+VERS-DTLS1.2:+CTYPE-SRV-RAWPK:+CTYPE-CLI-RAWPK"));
            } else {
                c.addAll(List.of("--x509certfile", f.path("server.pem"), "--x509keyfile", f.path("server-key.pem"),
                        "--priority", "NORMAL:-VERS-ALL:+VERS-DTLS1.2"));
            }
            if (requireClient) {
                c.addAll(List.of("--require-client-cert", "--x509cafile", f.path("ca.pem")));
            }
            return c;
        });
    }

    /** {@code gnutls-cli} verifying our X.509 server, or sending and accepting raw public keys. */
    static PeerProcess gnuTlsClient(CertFiles f, InetSocketAddress server, boolean raw) throws Exception {
        String program = Peers.require("gnutls-cli").toString();
        List<String> c = new ArrayList<>(List.of(program, "--udp", "-p", String.valueOf(server.getPort()), "127.0.0.1"));
        if (raw) {
            // gnutls-cli cannot pin a raw key: --insecure skips its check; our server's check is the one tested.
            c.addAll(List.of("--rawpkkeyfile", f.path("client-raw-key.pem"), "--rawpkfile", f.path("client-raw.pem"),
                    "--priority", "NORMAL:-VERS-ALL:+VERS-DTLS1.2:+CTYPE-SRV-RAWPK:+CTYPE-CLI-RAWPK", "--insecure"));
        } else {
            c.addAll(List.of("--x509cafile", f.path("ca.pem"), "--verify-hostname", "localhost",
                    "--x509certfile", f.path("client.pem"), "--x509keyfile", f.path("client-key.pem"),
                    "--priority", "NORMAL:-VERS-ALL:+VERS-DTLS1.2"));
        }
        return PeerProcess.start("gnutls-cli", c, null);
    }

    /** mbedTLS {@code ssl_server2} with a certificate; {@code auth_mode=required} asks for the client's. */
    static Started mbedTlsServer(CertFiles f, boolean requireClient) throws Exception {
        String program = Peers.require("ssl_server2").toString();
        return server("mbedTLS ssl_server2", "Waiting for a remote connection", port -> List.of(program, "dtls=1",
                "server_addr=127.0.0.1", "server_port=" + port, "crt_file=" + f.path("server.pem"),
                "key_file=" + f.path("server-key.pem"), "crt_file2=none", "key_file2=none", "ca_file=" + f.path("ca.pem"),
                "auth_mode=" + (requireClient ? "required" : "none"), "exchanges=100"));
    }

    /** mbedTLS {@code ssl_client2}, verifying our server (auth_mode=required) and presenting its certificate. */
    static PeerProcess mbedTlsClient(CertFiles f, InetSocketAddress server) throws Exception {
        String program = Peers.require("ssl_client2").toString();
        return PeerProcess.start("mbedTLS ssl_client2", List.of(program, "dtls=1", "server_addr=127.0.0.1",
                "server_port=" + server.getPort(), "server_name=localhost", "ca_file=" + f.path("ca.pem"),
                "crt_file=" + f.path("client.pem"), "key_file=" + f.path("client-key.pem"), "auth_mode=required",
                "exchanges=1"), null);
    }
}
