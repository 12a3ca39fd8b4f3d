package io.dtlskit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One peer program run for real: its merged stdout/stderr is collected as Latin-1 text by a reader
 * thread, and tests wait (bounded, woken by each new chunk of output) for what it prints. Peers
 * often print without a trailing newline (mbedTLS' "Waiting for a remote connection ...", the
 * plaintext OpenSSL prints), so waits look for a substring in the text, not for whole lines.
 *
 * <p>{@link #close()} ends the process by its own handle: SIGTERM, a bounded wait, then SIGKILL, and
 * waits for the reader to drain. Shared by the core, app and interop tests.
 */
public final class PeerProcess implements AutoCloseable {
    private static final Duration TERM_GRACE = Duration.ofSeconds(3);

    private final String label;
    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;
    private boolean eof;

    private PeerProcess(String label, List<String> command, Process process) {
        this.label = label;
        this.command = command;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = Thread.ofVirtual().name("peer-output-" + label).start(this::pump);
    }

    /** Starts {@code command} (stdin a pipe kept open until {@link #closeStdin()}). */
    public static PeerProcess start(String label, List<String> command, Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return new PeerProcess(label, List.copyOf(command), pb.start());
    }

    /** Starts {@code command} in the current directory. */
    public static PeerProcess start(String label, List<String> command) throws IOException {
        return start(label, command, null);
    }

    /** Waits until {@code needle} appears anywhere in the output. */
    public int awaitOutput(String needle, Duration timeout) {
        return awaitOutput(needle, 0, timeout, "'" + needle + "'");
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago (the peer binds it itself). */
    public static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** True if {@code program} is an executable on PATH. */
    /**
     * Skips the calling test when {@code program} is not on PATH, with {@code skipping} as the reason;
     * under CI (variable CI set) a missing program fails instead: CI installs every peer.
     */
    public static void require(String program, String skipping) {
        boolean present = onPath(program);
        if (System.getenv("CI") != null && !present) {
            throw new AssertionError(program + " must be installed in CI");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, skipping);
    }

    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this) {
                    output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: the output so far is all there is
        } finally {
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }
    }

    public String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    /** All output so far. */
    public synchronized String output() {
        return output.toString();
    }

    /** Current length of the output, to wait for something printed after this point. */
    public synchronized int mark() {
        return output.length();
    }

    /** Waits until {@code needle} appears in the output at or after {@code from}; returns its index. */
    public int awaitOutput(String needle, int from, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                int at = output.indexOf(needle, from);
                if (at >= 0) {
                    return at;
                }
                if (eof) {
                    throw new AssertionError(label + " ended (" + exitText() + ") before printing " + description
                            + " ('" + needle + "'); command: " + String.join(" ", command) + "; output:\n" + tail());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(label + " did not print " + description + " ('" + needle + "') within "
                            + timeout.toMillis() + " ms; command: " + String.join(" ", command) + "; output:\n" + tail());
                }
                waitQuietly(left);
            }
        }
    }

    public int awaitOutput(String needle, Duration timeout, String description) {
        return awaitOutput(needle, 0, timeout, description);
    }

    /** Waits until {@code needle} occurs {@code count} times at or after {@code from}. */
    public void awaitCount(String needle, int count, int from, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                int seen = 0;
                for (int at = output.indexOf(needle, from); at >= 0; at = output.indexOf(needle, at + needle.length())) {
                    seen++;
                }
                if (seen >= count) {
                    return;
                }
                if (eof) {
                    throw new AssertionError(label + " ended (" + exitText() + ") after printing " + description + " "
                            + seen + " of " + count + " times; output:\n" + tail());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(label + " printed " + description + " " + seen + " of " + count
                            + " times within " + timeout.toMillis() + " ms; output:\n" + tail());
                }
                waitQuietly(left);
            }
        }
    }

    /** Waits until the process exits; returns its exit code. */
    public int awaitExit(Duration timeout, String description) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(label + " did not exit (" + description + ") within " + timeout.toMillis()
                    + " ms; output:\n" + tail());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void write(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.ISO_8859_1));
        stdin.flush();
    }

    public void closeStdin() throws IOException {
        stdin.close();
    }

    /** Destroy, bounded wait, destroyForcibly; idempotent. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process may already be gone
        }
        if (process.isAlive()) {
            // SIGTERM through the handle: Process.destroy() would also close our end of the output
            // pipe, losing what the peer prints while it shuts down.
            process.toHandle().destroy();
            try {
                if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            reader.join(TERM_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String exitText() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    /** The last part of the output, for failure messages. */
    public synchronized String tail() {
        int max = 4000;
        return output.length() <= max ? output.toString() : "..." + output.substring(output.length() - max);
    }

    private void waitQuietly(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + label);
        }
    }
}
