package io.dtlskit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer program (openssl, gnutls-cli ...) run for a test: its output lines are recorded so the
 * test can wait for a ready line or a message (bounded), its stdin can be written, and it is killed
 * by its own handle on close.
 */
public final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final EventLog<String> lines = new EventLog<>();
    private final String name;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
            lines.add("<exit>");
        }, "peer-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} with stderr merged into stdout. */
    public static PeerProcess start(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        return new PeerProcess(name, pb.start());
    }

    /** Waits for an output line containing {@code text}. */
    public String awaitLine(String text, Duration timeout) {
        return lines.await(l -> l.contains(text), timeout, name + " printing '" + text + "'");
    }

    public List<String> output() {
        return lines.snapshot();
    }

    public void write(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.ISO_8859_1));
        in.flush();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago (the peer binds it itself). */
    public static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
