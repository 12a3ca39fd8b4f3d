package io.dtlskit.app;

import io.dtlskit.DropReason;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Dropped-datagram counts as people read them: {@code 1,234 datagrams dropped (1,200 UNKNOWN_PEER, 34 OVERSIZE)}. */
public final class Drops {
    private Drops() {
    }

    public static String describe(long total, Map<DropReason, Long> byReason) {
        if (total == 0) {
            return "no datagram dropped";
        }
        return count(total) + (total == 1 ? " datagram" : " datagrams") + " dropped (" + reasons(byReason) + ")";
    }

    /** {@code 1,200 UNKNOWN_PEER, 34 OVERSIZE}, largest first; zero counts left out. */
    public static String reasons(Map<DropReason, Long> byReason) {
        return byReason.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<DropReason, Long>comparingByValue().reversed())
                .map(e -> count(e.getValue()) + " " + e.getKey().name()).collect(Collectors.joining(", "));
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
