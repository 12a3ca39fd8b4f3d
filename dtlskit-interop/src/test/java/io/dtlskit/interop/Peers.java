package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Where the peer programs are, what version they are, and the shared wire facts of the scenario. */
final class Peers {
    /** The Qt example's key and identity hint (docs/qt-compatibility.md §1). */
    static final String KEY_HEX = "1a2b3c4d5e6f";
    static final String WRONG_KEY_HEX = "0badc0ffee00";
    static final String HINT = "Qt DTLS example server";
    static final String IDENTITY = "Alice (clone number 0)";
    static final String UNKNOWN_IDENTITY = "Mallory (unknown identity)";

    /** Bound for a peer to start, a handshake, one exchange: generous for a loaded 2-core machine. */
    static final Duration READY = Duration.ofSeconds(10);
    static final Duration STEP = Duration.ofSeconds(10);

    private static final Map<String, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private Peers() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The program, or: in CI a loud failure (the install script is supposed to have run); locally a
     * JUnit assumption failure with the same message, reported as skipped.
     */
    static Path require(String program) {
        Optional<Path> p = find(program);
        if (p.isEmpty()) {
            String message = program + " not found (PATH and " + peersDir() + "): run scripts/install-interop-peers.sh as root";
            if (inCi()) {
                throw new AssertionError("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
        return p.get();
    }

    static Optional<Path> find(String program) {
        return FOUND.computeIfAbsent(program, Peers::lookUp);
    }

    private static Optional<Path> lookUp(String program) {
        if (program.startsWith("ssl_")) {
            return mbedTlsProgramsDir().map(d -> d.resolve(program)).filter(Files::isExecutable);
        }
        if (program.startsWith("dtlskit-")) { // our own peer programs, compiled by the install script
            return Optional.of(peersDir().resolve(program)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    static Path peersDir() {
        return Path.of(System.getProperty("interop.peers.dir", "/var/cache/dtlskit-peers"));
    }

    /** {@code <peers dir>/mbedtls-2.28.x/programs/ssl}, as the install script builds it. */
    static Optional<Path> mbedTlsProgramsDir() {
        try (Stream<Path> s = Files.list(peersDir())) {
            return s.filter(d -> d.getFileName().toString().startsWith("mbedtls-")).sorted()
                    .map(d -> d.resolve("programs/ssl")).filter(d -> Files.isExecutable(d.resolve("ssl_server2")))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A UDP port free on both 127.0.0.1 and the wildcard address (gnutls-serv binds 0.0.0.0 and ::),
     * found by binding port 0. The peer binds it a moment later; drivers retry if it lost the race.
     */
    static int freeUdpPort() {
        // The wildcard socket (dual-stack where IPv6 exists) conflicts with any binding of the port.
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot bind a UDP socket", e);
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** mbedTLS' names are the IANA names with dashes. */
    static String mbedTlsName(CipherSuite suite) {
        return suite.name().replace('_', '-');
    }

    /** The first line a command prints (for versions), or a note saying why not. */
    static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.lines().filter(l -> !l.isBlank() && !l.startsWith("Running as user")).findFirst().orElse("?").strip();
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
