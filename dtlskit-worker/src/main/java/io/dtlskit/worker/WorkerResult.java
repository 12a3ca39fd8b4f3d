package io.dtlskit.worker;

import java.util.Map;

/**
 * How a worker's run ended and what it counted in its last test, request name to totals: the numbers
 * it reported to the master, so a run can be checked against the master's aggregate.
 *
 * @param reason   why the worker ended: {@code quit} from the master, or why it gave up
 * @param ok       true when the master ended it (quit), false when it gave up on the master
 * @param requests request name to {requests, failures}
 */
public record WorkerResult(String reason, boolean ok, Map<String, Counts> requests) {
    public record Counts(long requests, long failures) {
    }

    public WorkerResult {
        requests = Map.copyOf(requests);
    }

    public Counts of(String name) {
        return requests.getOrDefault(name, new Counts(0, 0));
    }
}
