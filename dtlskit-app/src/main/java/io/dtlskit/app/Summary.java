package io.dtlskit.app;

import io.dtlskit.AssociationStats;
import io.dtlskit.Endpoints;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a client run: a table with one row per association (a server column when there are
 * several servers, a reason column when something failed) and one overall line. With many
 * associations the table shows only those that failed, at most {@link #MAX_ROWS}.
 */
final class Summary {
    static final int MAX_ROWS = 20;

    /** One association's end: its counters, its server and, if it did not succeed, why. */
    record Outcome(AssociationStats stats, InetSocketAddress server, String failure) {
    }

    private Summary() {
    }

    static String table(List<Outcome> outcomes) {
        return table(outcomes, null);
    }

    /** With a "peer" column (certificate subject or key fingerprint) when {@code peers} is not null. */
    static String table(List<Outcome> outcomes, Map<String, io.dtlskit.PeerIdentity> peers) {
        boolean servers = outcomes.stream().map(Outcome::server).distinct().count() > 1;
        boolean reasons = outcomes.stream().anyMatch(o -> o.failure() != null);
        List<Outcome> shown = outcomes.size() <= MAX_ROWS ? outcomes
                : outcomes.stream().filter(o -> o.failure() != null).limit(MAX_ROWS).toList();
        List<String> head = new ArrayList<>(List.of("association"));
        if (servers) {
            head.add("server");
        }
        // With session resumption, "handshake" is the last full one and "resumed" the last abbreviated one.
        boolean anyResumed = outcomes.stream().anyMatch(o -> o.stats().resumedHandshake() != null);
        head.addAll(List.of("state", "cipher suite", "handshake"));
        if (anyResumed) {
            head.add("resumed");
        }
        head.addAll(List.of("retrans", "pings", "replies", "median RTT", "dropped"));
        int firstNumeric = head.indexOf("handshake");
        java.util.Set<Integer> textColumns = new java.util.HashSet<>();
        if (peers != null) {
            textColumns.add(head.size());
            head.add("peer");
        }
        if (reasons) {
            textColumns.add(head.size());
            head.add("reason");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(head.toArray(String[]::new));
        for (Outcome o : shown) {
            AssociationStats s = o.stats();
            List<String> r = new ArrayList<>(List.of(s.association()));
            if (servers) {
                r.add(Endpoints.hostPort(o.server()));
            }
            r.addAll(List.of(s.state().name().toLowerCase(Locale.ROOT), s.cipherSuite() == null ? "-" : s.cipherSuite(),
                    millis(anyResumed ? s.fullHandshake() : s.handshakeTime())));
            if (anyResumed) {
                r.add(millis(s.resumedHandshake()));
            }
            r.addAll(List.of(String.valueOf(s.retransmissions()), String.valueOf(s.pingsSent()),
                    String.valueOf(s.repliesReceived()), millis(s.medianRoundTrip()), String.valueOf(s.droppedTotal())));
            if (peers != null) {
                io.dtlskit.PeerIdentity p = peers.get(s.association());
                r.add(p == null ? "-" : InertText.escape(p.describe()));
            }
            if (reasons) {
                r.add(o.failure() == null ? "" : InertText.escape(reasonOnly(s.association(), o.failure())));
            }
            rows.add(r.toArray(String[]::new));
        }
        StringBuilder sb = new StringBuilder();
        if (shown.isEmpty()) {
            sb.append("(").append(outcomes.size()).append(" associations, none failed: table left out)");
        } else {
            sb.append(render(rows, firstNumeric, textColumns));
            if (shown.size() < outcomes.size()) {
                sb.append("\n(").append(shown.size()).append(" of ").append(outcomes.size())
                        .append(" associations shown: the failed ones)");
            }
        }
        return sb.append('\n').append(overall(outcomes)).toString();
    }

    /**
     * {@code 1000 associations: 1000 established, 1000 replied, 0 failed; median handshake 3.10 ms,
     * median RTT 0.21 ms}.
     */
    static String overall(List<Outcome> outcomes) {
        long established = outcomes.stream().filter(o -> o.stats().cipherSuite() != null).count();
        long replied = outcomes.stream().filter(o -> o.stats().repliesReceived() > 0).count();
        long failed = outcomes.stream().filter(o -> o.failure() != null).count();
        return outcomes.size() + (outcomes.size() == 1 ? " association: " : " associations: ") + established
                + " established, " + replied + " replied, " + failed + " failed; median handshake "
                + millis(median(outcomes.stream().map(o -> o.stats().handshakeTime()).toList())) + ", median RTT "
                + millis(median(outcomes.stream().map(o -> o.stats().medianRoundTrip()).toList()));
    }

    private static String render(List<String[]> rows, int firstNumeric, java.util.Set<Integer> textColumns) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            for (int i = 0; i < r.length; i++) {
                boolean numeric = i >= firstNumeric && !textColumns.contains(i);
                String pad = " ".repeat(width[i] - r[i].length());
                sb.append(i == 0 ? "" : "  ").append(numeric ? pad + r[i] : r[i] + (i == columns - 1 ? "" : pad));
            }
            sb.append('\n');
            if (n == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    /** The JSON {@code Summary} of one association: time, level and, if it failed, the reason. */
    static Map<String, Object> json(Outcome o, Instant now) {
        AssociationStats s = o.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", now);
        m.put("association", s.association());
        m.put("level", o.failure() == null ? "info" : "error");
        m.put("event", "Summary");
        m.put("server", o.server());
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        m.put("failure", o.failure());
        m.put("cipherSuite", s.cipherSuite());
        m.put("handshakeMs", s.handshakeTime() == null ? null : s.handshakeTime().toNanos() / 1e6);
        m.put("fullHandshakeMs", s.fullHandshake() == null ? null : s.fullHandshake().toNanos() / 1e6);
        m.put("resumedHandshakeMs", s.resumedHandshake() == null ? null : s.resumedHandshake().toNanos() / 1e6);
        m.put("retransmissions", s.retransmissions());
        m.put("pingsSent", s.pingsSent());
        m.put("repliesReceived", s.repliesReceived());
        m.put("medianRttMs", s.medianRoundTrip() == null ? null : s.medianRoundTrip().toNanos() / 1e6);
        m.put("datagramsSent", s.datagramsSent());
        m.put("datagramsReceived", s.datagramsReceived());
        m.put("dropped", s.dropped());
        return m;
    }

    /** The JSON {@code RunSummary}: the overall line's figures. */
    static Map<String, Object> jsonOverall(List<Outcome> outcomes, Instant now) {
        long failed = outcomes.stream().filter(o -> o.failure() != null).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", now);
        m.put("level", failed == 0 ? "info" : "error");
        m.put("event", "RunSummary");
        m.put("message", overall(outcomes));
        m.put("associations", outcomes.size());
        m.put("established", outcomes.stream().filter(o -> o.stats().cipherSuite() != null).count());
        m.put("replied", outcomes.stream().filter(o -> o.stats().repliesReceived() > 0).count());
        m.put("failed", failed);
        Duration hs = median(outcomes.stream().map(o -> o.stats().handshakeTime()).toList());
        Duration rtt = median(outcomes.stream().map(o -> o.stats().medianRoundTrip()).toList());
        m.put("medianHandshakeMs", hs == null ? null : hs.toNanos() / 1e6);
        m.put("medianRttMs", rtt == null ? null : rtt.toNanos() / 1e6);
        return m;
    }

    /** The failure text without the association's name in front (the row already names it). */
    private static String reasonOnly(String association, String failure) {
        String prefix = association + ": ";
        return failure.startsWith(prefix) ? failure.substring(prefix.length()) : failure;
    }

    static Duration median(List<Duration> values) {
        List<Duration> present = values.stream().filter(java.util.Objects::nonNull).sorted().toList();
        return present.isEmpty() ? null : present.get(present.size() / 2);
    }

    static String millis(Duration d) {
        if (d == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }
}
