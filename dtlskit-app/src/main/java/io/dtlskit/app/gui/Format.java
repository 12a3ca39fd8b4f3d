package io.dtlskit.app.gui;

import io.dtlskit.AssociationState;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Cell texts shared by the tables. */
final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Format() {
    }

    /** {@code 12.3 ms} below ten seconds, {@code 12.3 s} above; empty for null. */
    static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        double ms = d.toNanos() / 1_000_000.0;
        return ms < 10_000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    /** The state as the issue names it: connecting, handshaking, encrypted, failed, closed. */
    static String state(AssociationState state) {
        return state == null ? "" : state.name().toLowerCase(Locale.ROOT);
    }

    static String time(Instant t, ZoneId zone) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
