package io.dtlskit.worker;

import io.dtlskit.DtlsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's users by class, grown or shrunk to what each {@code spawn} message asks for. The master
 * paces the ramp-up itself (it sends a growing {@code user_classes_count} at the spawn rate, locust
 * dispatch.py), so the worker starts the difference at once, as Locust's own worker does.
 *
 * <p>Every class name the master sends runs the same dtlskit device; the name only labels the count,
 * so the master's locustfile decides what the classes are called.
 */
final class UserPool {
    /** Stopped users abort their association and end at once; this only bounds a stuck one. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);

    private final WorkerSettings settings;
    private final DtlsClient client;
    private final RequestStats stats;
    private final Map<String, List<DeviceUser>> users = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private int workerIndex;

    UserPool(WorkerSettings settings, DtlsClient client, RequestStats stats) {
        this.settings = settings;
        this.client = client;
        this.stats = stats;
    }

    /** The index the master gave this worker; user names carry it so identities differ across workers. */
    void workerIndex(int index) {
        this.workerIndex = index;
    }

    /** Starts or stops users until each class has its target count (classes not named go to zero). */
    void resize(Map<String, Integer> target) throws InterruptedException {
        List<DeviceUser> stopping = new ArrayList<>();
        for (Map.Entry<String, List<DeviceUser>> e : users.entrySet()) {
            int want = target.getOrDefault(e.getKey(), 0);
            List<DeviceUser> list = e.getValue();
            while (list.size() > want) {
                stopping.add(list.removeLast());
            }
        }
        for (Map.Entry<String, Integer> e : target.entrySet()) {
            List<DeviceUser> list = users.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (list.size() < e.getValue()) {
                DeviceUser u = new DeviceUser(e.getKey(), settings.pskIdentityPrefix() + workerIndex + "-"
                        + sequence.getAndIncrement(), settings, client, stats);
                list.add(u);
                u.start();
            }
        }
        stopAll(stopping);
    }

    /** Stops every user and waits (bounded) for their threads. */
    void stopAll() throws InterruptedException {
        List<DeviceUser> all = new ArrayList<>();
        users.values().forEach(all::addAll);
        users.clear();
        stopAll(all);
    }

    private static void stopAll(List<DeviceUser> list) throws InterruptedException {
        for (DeviceUser u : list) {
            u.stop();
        }
        long deadline = System.nanoTime() + STOP_BOUND.toNanos();
        for (DeviceUser u : list) {
            u.awaitEnd(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** Users per class, as the master's {@code user_classes_count} (every class it announced, even at 0). */
    Map<String, Object> classCounts() {
        Map<String, Object> out = new LinkedHashMap<>();
        users.forEach((k, v) -> out.put(k, (long) v.size()));
        return out;
    }

    int count() {
        return users.values().stream().mapToInt(List::size).sum();
    }
}
