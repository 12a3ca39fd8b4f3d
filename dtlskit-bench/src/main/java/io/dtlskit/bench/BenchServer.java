package io.dtlskit.bench;

import io.dtlskit.CipherSuite;
import io.dtlskit.bench.stacks.Servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench's second JVM: runs one stack's server so that client and server share neither heap nor
 * GC. Started by {@link ServerProcess}; speaks a line protocol on stdin/stdout:
 * <ul>
 *   <li>prints {@code READY <port>} once bound;</li>
 *   <li>{@code stats} → {@code STATS <json>} with heap after a full GC, platform threads, file
 *       descriptors and associations held;</li>
 *   <li>{@code cpu} → {@code CPU <nanoseconds> <json>}: CPU time the process has used (no GC first),
 *       then the handshakes the server has completed and its datagram drops by reason;</li>
 *   <li>{@code jfr-start <file>} → {@code JFR started}, {@code jfr-stop} → {@code JFR written}: a
 *       {@link Profiler} recording of the measured window;</li>
 *   <li>{@code quit} or end of input (the parent died) → closes and exits.</li>
 * </ul>
 * Usage: {@code BenchServer <stack> <suite> <maxAssociations>}.
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Stack stack = Stack.parse(args[0]);
        CipherSuite suite = CipherSuite.parse(args[1]);
        int max = Integer.parseInt(args[2]);
        try (Servers.Running server = Servers.start(stack, suite, max)) {
            System.out.println("READY " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            Profiler profiler = null;
            while ((line = in.readLine()) != null) {
                if (line.equals("quit")) {
                    break;
                }
                if (line.startsWith("jfr-start ")) {
                    profiler = Profiler.start(java.nio.file.Path.of(line.substring(10)));
                    System.out.println("JFR started");
                    System.out.flush();
                }
                if (line.equals("jfr-stop") && profiler != null) {
                    profiler.close();
                    profiler = null;
                    System.out.println("JFR written");
                    System.out.flush();
                }
                if (line.equals("cpu")) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("handshakes", server.handshakes());
                    m.put("datagrams", server.datagrams());
                    m.put("dropped", server.dropped());
                    System.out.println("CPU " + ProcessMetrics.cpuNanos() + " " + Report.json(m));
                    System.out.flush();
                }
                if (line.equals("stats")) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("heapUsedBytes", ProcessMetrics.heapAfterGc());
                    m.put("platformThreads", ProcessMetrics.platformThreads());
                    m.put("fileDescriptors", ProcessMetrics.fileDescriptors());
                    m.put("associations", server.associations());
                    System.out.println("STATS " + Report.json(m));
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
