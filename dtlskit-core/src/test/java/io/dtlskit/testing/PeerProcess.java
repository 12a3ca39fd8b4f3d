package io.dtlskit.testing;

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
    /** Output so far as one growing text: peers print received data without line ends. */
    private final StringBuilder output = new StringBuilder();
    private final String name;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (InputStreamReader r = new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1)) {
                char[] buf = new char[4096];
                int n;
                while ((n = r.read(buf)) > 0) {
                    synchronized (output) {
                        output.append(buf, 0, n);
                        output.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            synchronized (output) {
                exited = true;
                output.notifyAll();
            }
        }, "peer-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} with stderr merged into stdout. */
    public static PeerProcess start(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        return new PeerProcess(name, pb.start());
    }

    private boolean exited;

    /** Waits (bounded) until the peer has printed {@code text}; fails with its output so far. */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || exited) {
                    throw new AssertionError((exited ? name + " exited" : "timed out after " + timeout)
                            + " waiting for " + name + " to print '" + text + "'; output so far:\n" + output);
                }
                try {
                    output.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
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
        // SIGTERM through the handle: Process.destroy() would also close our end of the output pipe,
        // losing what the peer prints while it shuts down.
        process.toHandle().destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
