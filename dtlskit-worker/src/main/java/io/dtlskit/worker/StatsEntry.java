package io.dtlskit.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request name's statistics since the last report, in the shape of Locust's {@code StatsEntry}
 * (locust/stats.py, {@code StatsEntryDict}): the master adds each report to its own entry with
 * {@code StatsEntry.extend}, so every field must mean what it means there. Not thread-safe: {@link
 * RequestStats} guards it.
 */
final class StatsEntry {
    private final String name;
    private final String method;
    private double startTime;
    private Double lastRequestTimestamp;
    private long numRequests;
    private long numFailures;
    private double totalResponseTime;
    private double maxResponseTime;
    private Double minResponseTime;
    private long totalContentLength;
    private final Map<Long, Long> responseTimes = new TreeMap<>();
    private final Map<Long, Long> requestsPerSecond = new TreeMap<>();
    private final Map<Long, Long> failuresPerSecond = new TreeMap<>();

    StatsEntry(String name, String method, double now) {
        this.name = name;
        this.method = method;
        reset(now);
    }

    /** One request that ended at {@code now} (epoch seconds) after {@code millis}; failed or not. */
    void log(double now, double millis, long contentLength, boolean failed) {
        long second = (long) now;
        numRequests++;
        requestsPerSecond.merge(second, 1L, Long::sum);
        lastRequestTimestamp = now;
        totalResponseTime += millis;
        minResponseTime = minResponseTime == null ? millis : Math.min(minResponseTime, millis);
        maxResponseTime = Math.max(maxResponseTime, millis);
        responseTimes.merge(roundedForHistogram(millis), 1L, Long::sum);
        totalContentLength += contentLength;
        if (failed) {
            // Locust counts a failed request both as a request and as a failure (runners.py,
            // on_request_failure: log_request, then log_error).
            numFailures++;
            failuresPerSecond.merge(second, 1L, Long::sum);
        }
    }

    /**
     * Locust's histogram keys (StatsEntry._log_response_time): exact below 100 ms, then 2, then 2
     * significant digits up to 10 s, then whole seconds; the master's percentiles come from these.
     */
    static long roundedForHistogram(double millis) {
        if (millis < 100) {
            return Math.round(millis);
        }
        if (millis < 1_000) {
            return Math.round(millis / 10) * 10;
        }
        if (millis < 10_000) {
            return Math.round(millis / 100) * 100;
        }
        return Math.round(millis / 1_000) * 1_000;
    }

    boolean isEmpty() {
        return numRequests == 0 && numFailures == 0;
    }

    /** The {@code StatsEntryDict} for this report, then zero (Locust's get_stripped_report). */
    Map<String, Object> strip(double now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("method", method);
        d.put("last_request_timestamp", lastRequestTimestamp);
        d.put("start_time", startTime);
        d.put("num_requests", numRequests);
        d.put("num_none_requests", 0L);
        d.put("num_failures", numFailures);
        d.put("total_response_time", totalResponseTime);
        d.put("max_response_time", maxResponseTime);
        d.put("min_response_time", minResponseTime);
        d.put("total_content_length", totalContentLength);
        d.put("response_times", new LinkedHashMap<>(responseTimes));
        d.put("num_reqs_per_sec", new LinkedHashMap<>(requestsPerSecond));
        d.put("num_fail_per_sec", new LinkedHashMap<>(failuresPerSecond));
        reset(now);
        return d;
    }

    private void reset(double now) {
        startTime = now;
        lastRequestTimestamp = null;
        numRequests = 0;
        numFailures = 0;
        totalResponseTime = 0;
        maxResponseTime = 0;
        minResponseTime = null;
        totalContentLength = 0;
        responseTimes.clear();
        requestsPerSecond.clear();
        failuresPerSecond.clear();
    }
}
