package io.dtlskit.interop;

import io.dtlskit.CipherSuite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Facts about our wolfSSL peer program, {@code dtlskit-wolfssl-peer} (dtlskit-interop/peers/wolfssl,
 * compiled against Debian's libwolfssl by scripts/install-interop-peers.sh): its name, its suites, how it
 * prints peer text.
 */
final class WolfSsl {
    static final String PROGRAM = "dtlskit-wolfssl-peer";
    /** The server's line once its socket is bound. */
    static final String READY = "dtlskit-wolfssl-peer server ready on ";
    /** Both roles print it when a handshake completes, followed by the peer, the IANA suite name and more. */
    static final String HANDSHAKE = "handshake done with ";

    private static volatile Set<String> suites;

    private WolfSsl() {
    }

    static Path program() {
        return Peers.require(PROGRAM);
    }

    /**
     * Why the library cannot run {@code suite}, or empty. The program's {@code ciphers} mode lists what
     * the library has; Debian's libwolfssl 5.5.4 lacks most static-PSK suites (only
     * TLS_PSK_WITH_CHACHA20_POLY1305_SHA256 is there), which wolfSSL leaves out unless built with them.
     */
    static Optional<String> unsupported(CipherSuite suite) {
        Set<String> have;
        try {
            have = suites();
        } catch (Exception e) {
            throw new AssertionError("cannot list wolfSSL's suites: " + e.getMessage(), e);
        }
        if (have.contains(suite.name())) {
            return Optional.empty();
        }
        return Optional.of("not in this libwolfssl build (`" + PROGRAM + " ciphers` lists its suites; Debian's "
                + "5.5.4 has no static-PSK AES suites, only TLS_PSK_WITH_CHACHA20_POLY1305_SHA256)");
    }

    static Set<String> suites() throws Exception {
        if (suites == null) {
            Process p = new ProcessBuilder(program().toString(), "ciphers").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(PROGRAM + " ciphers failed: " + out);
            }
            suites = Set.copyOf(out.lines().filter(l -> l.startsWith("TLS_")).toList());
        }
        return suites;
    }

    /** The library's version, from the server's ready line format ("wolfSSL 5.5.4"), via dpkg. */
    static String version() {
        return Peers.find(PROGRAM).map(p -> "libwolfssl " + Peers.firstLine(List.of("dpkg-query", "-W", "-f=${Version}",
                "libwolfssl-dev")) + " (Debian), " + PROGRAM + " compiled by scripts/install-interop-peers.sh")
                .orElse("not built");
    }

    /** How the program prints peer text: printable ASCII as is, anything else (and backslash) as {@code \xNN}. */
    static String printed(String text) {
        StringBuilder b = new StringBuilder();
        for (byte c : text.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u >= 0x20 && u < 0x7f && u != '\\') {
                b.append((char) u);
            } else {
                b.append(String.format("\\x%02x", u));
            }
        }
        return b.toString();
    }
}
