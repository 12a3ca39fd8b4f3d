package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;
import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code gnutls-serv --udp --echo --pskpasswd FILE --pskhint HINT --priority ...}: echoes each
 * record. Ready when its IPv4 line ends in {@link #READY}; it prints nothing per message or on
 * close_notify, so receipt is proven by the echo and the close by the peer staying healthy.
 */
final class GnuTlsServer implements PeerServer {
    /**
     * gnutls-serv prints "UDP Echo Server listening on IPv4 0.0.0.0 port P..." before it binds and
     * "done" after: the first "...done" (the IPv4 socket comes first) means the port is bound. Waiting
     * for the line's start let a probe under load meet a closed port.
     */
    static final String READY = "...done";

    private PeerProcess process;
    private Path pskFile;

    @Override
    public String peer() {
        return "GnuTLS";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Optional.empty();
    }

    /**
     * A priority string allowing exactly {@code suite}. CBC-SHA256 and CCM-8 are not in NORMAL
     * (hence the explicit +SHA256 / +AES-128-CCM-8 of the issue); naming each part covers that.
     */
    static String priority(CipherSuite suite) {
        String kx;
        String cipher;
        String mac;
        switch (suite) {
            case TLS_PSK_WITH_AES_128_GCM_SHA256 -> { kx = "PSK"; cipher = "AES-128-GCM"; mac = "AEAD"; }
            case TLS_PSK_WITH_AES_128_CCM_8 -> { kx = "PSK"; cipher = "AES-128-CCM-8"; mac = "AEAD"; }
            case TLS_PSK_WITH_AES_128_CBC_SHA256 -> { kx = "PSK"; cipher = "AES-128-CBC"; mac = "SHA256"; }
            case TLS_DHE_PSK_WITH_AES_256_GCM_SHA384 -> { kx = "DHE-PSK"; cipher = "AES-256-GCM"; mac = "AEAD"; }
            case TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 -> { kx = "ECDHE-PSK"; cipher = "AES-128-CBC"; mac = "SHA256"; }
            case TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256 -> { kx = "ECDHE-PSK"; cipher = "CHACHA20-POLY1305"; mac = "AEAD"; }
            default -> throw new IllegalArgumentException("no GnuTLS priority for " + suite);
        }
        return "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+" + kx + ":-CIPHER-ALL:+" + cipher + ":-MAC-ALL:+" + mac;
    }

    @Override
    public InetSocketAddress start(CipherSuite suite) throws Exception {
        Path program = Peers.require("gnutls-serv");
        pskFile = Files.createTempFile("dtlskit-gnutls-psk", ".txt");
        Files.writeString(pskFile, Peers.IDENTITY + ":" + Peers.KEY_HEX + "\n");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freeUdpPort();
            process = PeerProcess.start("gnutls-serv", List.of(program.toString(), "--udp", "--echo", "-p",
                    String.valueOf(port), "--pskpasswd", pskFile.toString(), "--pskhint", Peers.HINT,
                    "--priority", priority(suite)), null);
            try {
                process.awaitOutput(READY, Peers.READY, "its ready line (IPv4 socket bound)");
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
        // gnutls-serv --echo prints nothing per record: the echo (see reply) proves receipt.
    }

    @Override
    public Expected reply(int n, String ping) {
        return Expected.exactly(ping);
    }

    @Override
    public void awaitClosed(Duration timeout) {
        // It prints nothing on close_notify; it must at least still be running (no crash).
        if (!process.isAlive()) {
            throw new AssertionError("gnutls-serv exited after our close_notify; output:\n" + process.tail());
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        if (pskFile != null) {
            try {
                Files.deleteIfExists(pskFile);
            } catch (java.io.IOException ignored) {
                // temp file
            }
        }
    }
}
