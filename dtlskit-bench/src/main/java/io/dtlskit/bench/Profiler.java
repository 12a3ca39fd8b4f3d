package io.dtlskit.bench;

import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JFR recording of one measured window (not the JVM's start or the warm-up): execution samples every
 * millisecond and sampled allocations, written to a file when stopped. Each JVM of a benchmark runs
 * its own ({@code --jfr DIR}); read them with {@code dtlskit-bench/scripts/jfr-shares.py}.
 */
final class Profiler implements AutoCloseable {
    private final Recording recording = new Recording();
    private final Path file;

    private Profiler(Path file) {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
        recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
        recording.setToDisk(true);
    }

    /** Starts recording into {@code file} (written by {@link #close}). */
    static Profiler start(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Profiler p = new Profiler(file);
        p.recording.start();
        return p;
    }

    @Override
    public void close() throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }
}
