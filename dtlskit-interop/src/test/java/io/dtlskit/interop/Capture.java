package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A tshark capture of one UDP port on the loopback interface, and its decryption with an NSS key
 * log. The capture counts as started when a probe datagram shows up in it, not after a sleep.
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
        // A probe socket on a second port, captured too: a datagram it sends to itself shows, by
        // appearing in tshark's output, that the capture is really running (tshark's own "Capturing
        // on" line can come before dumpcap captures anything).
        try (DatagramSocket probe = new DatagramSocket(Peers.loopback(0))) {
            int probePort = probe.getLocalPort();
            // -P -l: also print a summary line per packet as it is written, so a test can wait until
            // the packets it cares about are in the file before stopping the capture.
            PeerProcess p = PeerProcess.start("tshark capture", List.of(program.toString(), "-i", "lo", "-f",
                    "udp port " + port + " or udp port " + probePort, "-w", file.toString(), "-P", "-l",
                    "-d", "udp.port==" + port + ",dtls"), null);
            try {
                p.awaitOutput("Capture started", Peers.READY, "that it started capturing");
                byte[] hello = "probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                // Summary line "... UDP 47 <port> → <port> Len=5": the arrow is UTF-8 and the
                // output is read as Latin-1, so look for the port number alone.
                String seen = " " + probePort + " ";
                long deadline = System.nanoTime() + Peers.READY.toNanos();
                // Each probe is a real event; resend (bounded) in case the first predates the capture.
                while (true) {
                    int mark = p.mark();
                    probe.send(new DatagramPacket(hello, hello.length, Peers.loopback(probePort)));
                    try {
                        p.awaitOutput(seen, mark, Duration.ofMillis(500), "the probe datagram");
                        break;
                    } catch (AssertionError notYet) {
                        if (System.nanoTime() > deadline || !p.isAlive()) {
                            throw notYet;
                        }
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                p.close();
                throw e;
            }
            return new Capture(p, program, file, port);
        }
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
                "-Y", "data && udp.port==" + port, "-T", "fields", "-e", "data.data"), null)) {
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

    /**
     * The capture as tshark lists it (one summary line per packet, the port decoded as DTLS, no keys):
     * for a failure message, so a session tshark could not decrypt shows which flights it saw.
     */
    String summary() {
        try (PeerProcess read = PeerProcess.start("tshark summary", List.of(program.toString(), "-r", file.toString(),
                "-d", "udp.port==" + port + ",dtls"), null)) {
            read.awaitExit(Duration.ofSeconds(30), "listing the capture");
            return read.output();
        } catch (Exception | AssertionError e) {
            return "(no summary: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        tshark.close();
    }
}
