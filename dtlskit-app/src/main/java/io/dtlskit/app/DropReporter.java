package io.dtlskit.app;

import io.dtlskit.DropReason;
import io.dtlskit.EventLevel;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns the dropped-datagram counters into one line per period when something was dropped:
 * {@code dropped 1,234 datagrams in the last 5 s: 1,200 UNKNOWN_PEER, 34 OVERSIZE}. Datagrams that a
 * flood or a confused peer sends are then visible, and in proportion: never one line per datagram.
 */
final class DropReporter {
    private final Supplier<Map<DropReason, Long>> counters;
    private final Duration period;
    private final Map<DropReason, Long> last = new EnumMap<>(DropReason.class);

    DropReporter(Supplier<Map<DropReason, Long>> counters, Duration period) {
        this.counters = counters;
        this.period = period;
    }

    /** Reports what was dropped since the last call, if anything. One caller at a time. */
    void tick(Consumer<String> warn) {
        Map<DropReason, Long> now = counters.get();
        Map<DropReason, Long> delta = new EnumMap<>(DropReason.class);
        long total = 0;
        for (Map.Entry<DropReason, Long> e : now.entrySet()) {
            long d = e.getValue() - last.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                delta.put(e.getKey(), d);
                total += d;
            }
            last.put(e.getKey(), e.getValue());
        }
        if (total > 0) {
            warn.accept("dropped " + Drops.count(total) + (total == 1 ? " datagram" : " datagrams") + " in the last "
                    + Options.human(period) + ": " + Drops.reasons(delta));
        }
    }

    static EventLevel level() {
        return EventLevel.WARNING;
    }
}
