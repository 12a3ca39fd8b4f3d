package io.dtlskit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts what a test could leak: open file descriptors of this process and live dtlskit threads
 * (platform and virtual, by name). Waits (bounded, polling on a short back-off) for them to return to
 * the baseline, since threads and sockets end asynchronously after close().
 */
public final class ResourceCheck {
    private final long fds;

    private ResourceCheck(long fds) {
        this.fds = fds;
    }

    public static ResourceCheck baseline() {
        warmUpJdk();
        return new ResourceCheck(openFds());
    }

    /** The JDK keeps one probe socket open after the first DatagramChannel; let it be part of the baseline. */
    private static void warmUpJdk() {
        try (var ch = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET);
             var selector = java.nio.channels.Selector.open()) {
            ch.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a UDP socket on loopback", e);
        }
    }

    /**
     * Open sockets, pipes and selector inodes of this process. Regular files are left out: class
     * loading opens jar files lazily, which is not a leak.
     */
    public static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(ResourceCheck::isNetworkish).count();
        } catch (IOException e) {
            return -1;
        }
    }

    static String describeFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(ResourceCheck::isNetworkish).map(p -> {
                try {
                    return p.getFileName() + "->" + Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p.getFileName() + "->?";
                }
            }).collect(Collectors.joining(", "));
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isNetworkish(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:");
        } catch (IOException e) {
            return false; // closed while listing
        }
    }

    public static Set<String> dtlskitPlatformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dtlskit-") && t.isAlive())
                .map(Thread::getName).collect(Collectors.toSet());
    }

    /** Fails unless fds and dtlskit platform threads are back at the baseline within {@code timeout}. */
    public void assertNoLeaks(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = 5;
        while (true) {
            long now = openFds();
            Set<String> threads = dtlskitPlatformThreads();
            if (now <= fds && threads.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(threads).as("dtlskit platform threads still running").isEmpty();
                assertThat(now).as("open sockets/pipes/selectors (baseline " + fds + "): " + describeFds())
                        .isLessThanOrEqualTo(fds);
                return;
            }
            // Polling a process-wide count has no event to wait on; back off briefly and look again.
            Thread.onSpinWait();
            synchronized (ResourceCheck.class) {
                ResourceCheck.class.wait(backoff);
            }
            backoff = Math.min(100, backoff * 2);
        }
    }
}
