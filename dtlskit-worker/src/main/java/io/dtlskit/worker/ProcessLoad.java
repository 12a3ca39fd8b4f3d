package io.dtlskit.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and memory for the heartbeat. Locust's master warns once when a worker reports more than 90 %
 * CPU (its Python workers are single-threaded, so 90 % of one core is their limit). A dtlskit worker
 * uses every core, so it reports its share of the whole machine: the warning then means the machine,
 * not one core, is saturated and the latencies it reports are no longer the server's alone.
 */
final class ProcessLoad {
    private static final Path STATM = Path.of("/proc/self/statm");

    double cpuPercent() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load < 0 ? 0.0 : Math.round(load * 1000) / 10.0;
        }
        return 0.0;
    }

    /** Resident set size where Linux tells it (as Locust's psutil does), else the heap in use. */
    long memoryBytes() {
        try {
            String[] f = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            Runtime r = Runtime.getRuntime();
            return r.totalMemory() - r.freeMemory();
        }
    }
}
