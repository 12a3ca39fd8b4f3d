package io.dtlskit.worker;

import io.dtlskit.DtlsClient;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A Locust worker whose users are dtlskit DTLS devices: the worker side of Locust 2.x's master/worker
 * protocol (locust/runners.py, {@code WorkerRunner}), spoken to an unmodified Locust master.
 *
 * <ol>
 *   <li>{@code client_ready} with a Locust version (a versionless one is refused as "pre 2.0"), repeated
 *       until the master answers {@code ack} with this worker's index;</li>
 *   <li>{@code spawn} with the users per class: {@code spawning}, start or stop users, then
 *       {@code spawning_complete} with the counts;</li>
 *   <li>every second a {@code heartbeat} (state, CPU, memory); every 3 s a {@code stats} report;</li>
 *   <li>{@code stop}: stop every user, {@code client_stopped}, then {@code client_ready} again;</li>
 *   <li>{@code quit}: stop, a final {@code stats}, {@code quit}, and {@link #run()} returns.</li>
 * </ol>
 *
 * <p>{@link #run()} runs the protocol on the calling thread; the users run on virtual threads.
 */
public final class LocustWorker {
    /** The Locust release whose protocol this speaks (Debian's python3-locust). */
    public static final String LOCUST_VERSION = "2.12.1";
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);  // runners.HEARTBEAT_INTERVAL
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(3);     // runners.WORKER_REPORT_INTERVAL
    static final Duration READY_RETRY = Duration.ofSeconds(5);         // runners.CONNECT_TIMEOUT
    /** Time for the final report and quit to leave before the socket closes. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final Duration TICK = Duration.ofMillis(100);
    /** More sessions than one source address has ephemeral ports, so no worker's users outgrow it. */
    private static final int SESSION_CACHE = 65_536;

    private final WorkerSettings settings;
    private final Consumer<String> status;
    private final String nodeId;
    private final RequestStats stats = new RequestStats(Clock.systemUTC());
    private final ProcessLoad load = new ProcessLoad();
    private volatile boolean shutdownRequested;
    private String state = "ready";
    private double lastSpawnTimestamp;

    /** @param status receives one line per protocol step worth telling a person (connected, spawning, ...) */
    public LocustWorker(WorkerSettings settings, Consumer<String> status) {
        this.settings = settings;
        this.status = status;
        this.nodeId = hostName() + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The id the master knows this worker by (host name and a random suffix, as Locust's own workers). */
    public String nodeId() {
        return nodeId;
    }

    /** Asks {@link #run()} to stop its users, send a final report and quit; returns at once. */
    public void shutdown() {
        shutdownRequested = true;
    }

    /** Runs until the master says quit, {@link #shutdown()} is called, or the master is unreachable. */
    public WorkerResult run() throws InterruptedException {
        try (DtlsClient client = client(settings)) {
            UserPool pool = new UserPool(settings, client, stats);
            MasterLink link = new MasterLink(settings.master(), nodeId);
            try {
                return loop(link, pool);
            } finally {
                pool.stopAll();
                link.close(LINGER);
            }
        }
    }

    /** One client for all users (one reactor thread); no keep-alive: the users send their echoes themselves. */
    static DtlsClient client(WorkerSettings settings) {
        return DtlsClient.builder()
                .pskKey(settings.pskKey())
                .cipherSuites(settings.suites())
                .handshakeTimeout(settings.handshakeTimeout())
                .resume(settings.resume())
                // Each user resumes its own session (its identity is its own): room for every user a worker holds.
                .sessionCache(SESSION_CACHE, Duration.ofHours(1))
                .cid(settings.connectionId())
                .build();
    }

    private WorkerResult loop(MasterLink link, UserPool pool) throws InterruptedException {
        status.accept("joining the Locust master at " + link.endpoint() + " as " + nodeId
                + "; DTLS server " + settings.server().getHostString() + ":" + settings.server().getPort());
        link.send(new Message("client_ready", LOCUST_VERSION, nodeId));
        long started = System.nanoTime();
        long lastReady = started;
        long lastHeartbeat = started;
        long lastReport = started;
        boolean acked = false;
        while (true) {
            if (shutdownRequested) {
                finish(link, pool);
                return result("shut down by the user", true);
            }
            Message m = link.receive(TICK);
            if (m != null) {
                switch (m.type()) {
                    case "ack" -> {
                        acked = true;
                        int index = m.data() instanceof Map<?, ?> d && d.get("index") instanceof Long i ? i.intValue() : 0;
                        pool.workerIndex(index);
                        status.accept("joined as worker " + index + "; waiting for the master to start a test");
                    }
                    case "spawn" -> spawn(link, pool, m.data());
                    case "stop" -> {
                        pool.stopAll();
                        link.send(new Message("client_stopped", null, nodeId));
                        link.send(new Message("client_ready", LOCUST_VERSION, nodeId));
                        state = "ready";
                        status.accept("test stopped by the master; " + summary());
                    }
                    case "quit" -> {
                        finish(link, pool);
                        return result("quit by the master", true);
                    }
                    case "reconnect" -> {
                        // The master lost track of us (it restarted its socket): introduce ourselves again.
                        link.send(new Message("client_ready", LOCUST_VERSION, nodeId));
                    }
                    default -> {
                        // Custom messages of other locustfiles mean nothing to a dtlskit worker.
                    }
                }
            }
            long now = System.nanoTime();
            if (!acked) {
                if (now - started > settings.connectTimeout().toNanos()) {
                    return result("no answer from the Locust master at " + link.endpoint() + " within "
                            + settings.connectTimeout().toSeconds() + " s (is it running with --master, and is "
                            + "--master-bind-port reachable from here?)", false);
                }
                if (now - lastReady >= READY_RETRY.toNanos()) {
                    link.send(new Message("client_ready", LOCUST_VERSION, nodeId));
                    lastReady = now;
                }
                continue;
            }
            if (now - lastHeartbeat >= HEARTBEAT_INTERVAL.toNanos()) {
                link.send(new Message("heartbeat", heartbeat(), nodeId));
                lastHeartbeat = now;
            }
            if (now - lastReport >= REPORT_INTERVAL.toNanos()) {
                link.send(new Message("stats", report(pool), nodeId));
                lastReport = now;
            }
            if (link.downFor().compareTo(settings.masterLostTimeout()) > 0) {
                pool.stopAll();
                return result("lost the Locust master at " + link.endpoint() + " for more than "
                        + settings.masterLostTimeout().toSeconds() + " s", false);
            }
        }
    }

    private void spawn(MasterLink link, UserPool pool, Object data) throws InterruptedException {
        link.send(new Message("spawning", null, nodeId));
        if (!(data instanceof Map<?, ?> job) || !(job.get("user_classes_count") instanceof Map<?, ?> counts)) {
            status.accept("ignoring a spawn message without user_classes_count");
            return;
        }
        double timestamp = job.get("timestamp") instanceof Number n ? n.doubleValue() : 0;
        if (timestamp <= lastSpawnTimestamp) {
            return; // runners.py: an older or repeated spawn message is discarded
        }
        lastSpawnTimestamp = timestamp;
        if (!state.equals("running") && !state.equals("spawning")) {
            stats.clearAll(); // a new test
        }
        state = "spawning";
        Map<String, Integer> target = new LinkedHashMap<>();
        counts.forEach((k, v) -> target.put(String.valueOf(k), v instanceof Number n ? Math.max(0, n.intValue()) : 0));
        int before = pool.count();
        pool.resize(target);
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("user_classes_count", pool.classCounts());
        done.put("user_count", (long) pool.count());
        link.send(new Message("spawning_complete", done, nodeId));
        state = "running";
        if (pool.count() != before) {
            status.accept("running " + pool.count() + " users " + pool.classCounts());
        }
    }

    /** Stops the users, seals the statistics, sends the last report and quit. */
    private void finish(MasterLink link, UserPool pool) throws InterruptedException {
        pool.stopAll();
        stats.seal(); // nothing counted after this, so our totals equal what the master received
        link.send(new Message("stats", report(pool), nodeId));
        link.send(new Message("quit", null, nodeId));
        state = "stopped";
    }

    private Map<String, Object> report(UserPool pool) {
        Map<String, Object> data = stats.report();
        data.put("user_classes_count", pool.classCounts());
        data.put("user_count", (long) pool.count());
        return data;
    }

    private Map<String, Object> heartbeat() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state);
        data.put("current_cpu_usage", load.cpuPercent());
        data.put("current_memory_usage", load.memoryBytes());
        return data;
    }

    private WorkerResult result(String reason, boolean ok) {
        Map<String, WorkerResult.Counts> counts = new LinkedHashMap<>();
        stats.totals().forEach((k, v) -> counts.put(k, new WorkerResult.Counts(v[0], v[1])));
        return new WorkerResult(reason, ok, counts);
    }

    private String summary() {
        StringBuilder sb = new StringBuilder();
        stats.totals().forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v[0])
                .append(" (").append(v[1]).append(" failed)"));
        return sb.isEmpty() ? "no requests" : sb.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "dtlskit";
        }
    }
}
