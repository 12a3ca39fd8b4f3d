package io.dtlskit.bench;

import io.dtlskit.CipherSuite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BenchServer} in a second JVM: same java binary and class path as this one. Waits for the
 * child's ready line (never sleeps), asks it for its own stats, and kills it by its handle.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final InetSocketAddress address;

    private ServerProcess(Process process, BufferedReader out, PrintWriter in, int port) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public static ServerProcess start(Stack stack, CipherSuite suite, int maxAssociations, List<String> jvmArgs)
            throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchServer.class.getName());
        cmd.add(stack.label());
        cmd.add(suite.name());
        cmd.add(Integer.toString(maxAssociations));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        return Integer.parseInt(line.substring(6).strip());
                    }
                }
                throw new IllegalStateException("server process ended before it was ready (exit "
                        + waitExit(p) + ")");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            return new ServerProcess(p, out, in, port.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.toHandle().destroyForcibly();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(stack + " server process did not start: " + cause.getMessage(), cause);
        }
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    /** The child's own view: heap after full GC, platform threads, descriptors, associations. */
    public synchronized Map<String, Object> stats() throws IOException {
        in.println("stats");
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("STATS ")) {
                return Report.parse(line.substring(6));
            }
        }
        throw new IOException("server process ended (exit " + waitExit(process) + ")");
    }

    private volatile String lastDropped = "{}";
    private volatile long lastHandshakes = -1;

    /** The server's datagram drops by reason as of the last {@link #cpuNanos()} call (JSON object). */
    public String lastDropped() {
        return lastDropped;
    }

    private volatile long lastDatagrams = -1;

    /** Datagrams the server had received and sent at the last {@link #cpuNanos()} call, or -1 if it does not say. */
    public long lastDatagrams() {
        return lastDatagrams;
    }

    /** Handshakes the server had completed at the last {@link #cpuNanos()} call, or -1 if it does not say. */
    public long lastHandshakes() {
        return lastHandshakes;
    }

    /** Starts a JFR recording of the child into {@code file} (see {@link Profiler}). */
    public synchronized void jfrStart(java.nio.file.Path file) throws IOException {
        command("jfr-start " + file.toAbsolutePath(), "JFR started");
    }

    /** Stops the child's JFR recording and waits until its file is written. */
    public synchronized void jfrStop() throws IOException {
        command("jfr-stop", "JFR written");
    }

    private void command(String command, String answer) throws IOException {
        in.println(command);
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(answer)) {
                return;
            }
        }
        throw new IOException("server process ended (exit " + waitExit(process) + ")");
    }

    /** CPU time the child has used so far, in nanoseconds. */
    public synchronized long cpuNanos() throws IOException {
        in.println("cpu");
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("CPU ")) {
                String[] parts = line.substring(4).strip().split(" ", 2);
                Map<String, Object> m = Report.parse(parts[1]);
                lastDropped = Report.json(m.get("dropped"));
                lastHandshakes = ((Number) m.get("handshakes")).longValue();
                Object datagrams = m.get("datagrams");
                lastDatagrams = datagrams instanceof Number n ? n.longValue() : -1;
                return Long.parseLong(parts[0]);
            }
        }
        throw new IOException("server process ended (exit " + waitExit(process) + ")");
    }

    @Override
    public void close() {
        in.println("quit");
        ProcessHandle h = process.toHandle();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                h.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    h.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h.destroyForcibly();
        }
    }
}
