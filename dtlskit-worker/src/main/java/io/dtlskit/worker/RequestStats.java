package io.dtlskit.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The worker's request statistics, kept as Locust's worker keeps them (locust/stats.py,
 * {@code RequestStats}): one entry per (method, name), the "Aggregated" total, and errors by
 * (method, name, error text). {@link #report()} hands out what accumulated since the last report and
 * starts afresh, as Locust's {@code on_report_to_master} does; the master sums the reports.
 *
 * <p>Also keeps this worker's own running totals, never reset, so a run can be checked against the
 * master's aggregate. After {@link #seal()} (the final report is on its way) nothing more is counted,
 * so the totals and what was reported stay equal.
 */
final class RequestStats {
    /** Locust's request type column; every dtlskit request is of this type. */
    static final String METHOD = "DTLS";

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a request is counted, for {@link #awaitTotals}. */
    private final Condition counted = lock.newCondition();
    private final Map<String, StatsEntry> entries = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> errors = new LinkedHashMap<>();
    private StatsEntry total;
    private final Map<String, long[]> totals = new LinkedHashMap<>(); // name -> {requests, failures}
    private boolean sealed;

    RequestStats(Clock clock) {
        this.clock = clock;
        this.total = new StatsEntry("Aggregated", "", now());
    }

    /** A request that succeeded after {@code millis}. */
    void success(String name, double millis, long contentLength) {
        log(name, millis, contentLength, null);
    }

    /** A request that failed after {@code millis}; {@code error} is the Locust error text (one row per text). */
    void failure(String name, double millis, String error) {
        log(name, millis, 0, error);
    }

    private void log(String name, double millis, long contentLength, String error) {
        double now = now();
        lock.lock();
        try {
            if (sealed) {
                return;
            }
            entries.computeIfAbsent(name, n -> new StatsEntry(n, METHOD, now)).log(now, millis, contentLength, error != null);
            total.log(now, millis, contentLength, error != null);
            long[] t = totals.computeIfAbsent(name, n -> new long[2]);
            t[0]++;
            if (error != null) {
                t[1]++;
                @SuppressWarnings("unchecked")
                Map<String, Object> e = errors.computeIfAbsent(errorKey(name, error), k -> newError(name, error));
                e.put("occurrences", (Long) e.get("occurrences") + 1);
            }
            counted.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static Map<String, Object> newError(String name, String error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("method", METHOD);
        e.put("error", error);
        e.put("occurrences", 0L);
        return e;
    }

    /** The master merges errors from all workers by this key, so equal errors share one row. */
    private static String errorKey(String name, String error) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((METHOD + "." + name + "." + error).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    /**
     * The {@code stats}, {@code stats_total} and {@code errors} fields of a {@code stats} message:
     * everything since the previous report. Entries without requests are left out, as Locust does.
     */
    Map<String, Object> report() {
        double now = now();
        lock.lock();
        try {
            List<Object> stats = new ArrayList<>();
            for (StatsEntry e : entries.values()) {
                if (!e.isEmpty()) {
                    stats.add(e.strip(now));
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("stats", stats);
            data.put("stats_total", total.strip(now));
            data.put("errors", new LinkedHashMap<>(errors));
            errors.clear();
            return data;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything reported so far: a new test starts (Locust's clear_all on the first spawn). */
    void clearAll() {
        double now = now();
        lock.lock();
        try {
            entries.clear();
            errors.clear();
            total = new StatsEntry("Aggregated", "", now);
            totals.clear();
            sealed = false;
        } finally {
            lock.unlock();
        }
    }

    /** From now on requests are not counted: the final report is being taken. */
    void seal() {
        lock.lock();
        try {
            sealed = true;
        } finally {
            lock.unlock();
        }
    }

    /** This worker's own totals since the test started: name to {requests, failures}. */
    Map<String, long[]> totals() {
        lock.lock();
        try {
            Map<String, long[]> copy = new LinkedHashMap<>();
            totals.forEach((k, v) -> copy.put(k, v.clone()));
            return copy;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the running totals satisfy {@code done}, waking on every counted request; false after
     * {@code timeout}. The users run on their own threads: this is how a caller waits for them.
     */
    boolean awaitTotals(Predicate<Map<String, long[]>> done, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!done.test(totals())) {
                if (left <= 0) {
                    return false;
                }
                left = counted.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private double now() {
        return clock.millis() / 1000.0;
    }
}
