package io.dtlskit.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A tshark capture of one UDP port on the loopback interface, and its decryption with an NSS key
 * log. Capturing starts when tshark says so ("Capturing on 'Loopback: lo'"), not after a sleep.
 */
final class Capture implements AutoCloseable {
    private final PeerProcess tshark;
    private final Path program;
    private final Path file;
    private final int port;

    private Capture(PeerProcess tshark, Path program, Path file, int port) {
        this.tshark = tshark;
        this.program = program;
        this.file = file;
        this.port = port;
    }

    static Capture start(int port, Path file) throws Exception {
        Path program = Peers.require("tshark");
        // -P -l: also print a summary line per packet as it is written, so a test can wait until
        // the packets it cares about are in the file before stopping the capture.
        PeerProcess p = PeerProcess.start("tshark capture", List.of(program.toString(), "-i", "lo", "-f",
                "udp port " + port, "-w", file.toString(), "-P", "-l", "-d", "udp.port==" + port + ",dtls"), null);
        try {
            p.awaitOutput("Capturing on", Peers.READY, "that it is capturing");
        } catch (AssertionError e) {
            p.close();
            throw e;
        }
        return new Capture(p, program, file, port);
    }

    /**
     * Waits until a packet whose summary contains {@code text} has been captured, e.g. the
     * {@code Encrypted Alert} that carries close_notify (the capture has no keys).
     */
    void awaitPacket(String text, Duration timeout) {
        tshark.awaitOutput(text, timeout, "a captured packet with '" + text + "'");
    }

    /** Stops the capture (SIGTERM: tshark writes out what it has and exits) and waits for it. */
    void stop() {
        tshark.close();
    }

    /**
     * Reads the capture back, decoding the port as DTLS and decrypting with {@code keyLog}; returns
     * the application data of every record tshark could decrypt, as Latin-1 text.
     */
    List<String> decrypt(Path keyLog) throws Exception {
        try (PeerProcess read = PeerProcess.start("tshark decrypt", List.of(program.toString(), "-r", file.toString(),
                "-o", "tls.keylog_file:" + keyLog, "-d", "udp.port==" + port + ",dtls",
                "-Y", "data", "-T", "fields", "-e", "data.data"), null)) {
            int code = read.awaitExit(Duration.ofSeconds(30), "reading the capture");
            String out = read.output();
            if (code != 0) {
                throw new AssertionError("tshark -r exited with " + code + ":\n" + read.tail());
            }
            // One line per packet; several records in one packet are comma-separated. Decrypted
            // application data has no dissector here, so it lands in "data.data" as hex.
            return out.lines().map(String::strip).filter(l -> l.matches("[0-9a-f,]+"))
                    .flatMap(l -> java.util.Arrays.stream(l.split(",")))
                    .map(h -> new String(java.util.HexFormat.of().parseHex(h), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .toList();
        }
    }

    @Override
    public void close() {
        tshark.close();
    }
}
