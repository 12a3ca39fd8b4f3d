package io.dtlskit.app;

import io.dtlskit.AssociationStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The end-of-run table: one row per association. */
final class Summary {
    private static final String[] HEAD = {"association", "state", "cipher suite", "handshake", "retrans",
            "pings", "replies", "median RTT", "dropped"};

    private Summary() {
    }

    static String table(List<AssociationStats> stats) {
        return table(stats, null);
    }

    /** With a last "peer" column (subject or key fingerprint) when {@code peers} is not null. */
    static String table(List<AssociationStats> stats, Map<String, io.dtlskit.PeerIdentity> peers) {
        List<String[]> rows = new ArrayList<>();
        // With session resumption, "handshake" is the last full one and "resumed" the last abbreviated one.
        boolean anyResumed = stats.stream().anyMatch(s -> s.resumedHandshake() != null);
        String[] head = anyResumed ? withResumed(HEAD, "resumed") : HEAD;
        rows.add(peers == null ? head : withPeer(head, "peer"));
        for (AssociationStats s : stats) {
            String[] row = {s.association(), s.state().name().toLowerCase(),
                    s.cipherSuite() == null ? "-" : s.cipherSuite(),
                    millis(anyResumed ? s.fullHandshake() : s.handshakeTime()),
                    String.valueOf(s.retransmissions()), String.valueOf(s.pingsSent()),
                    String.valueOf(s.repliesReceived()), millis(s.medianRoundTrip()), String.valueOf(s.droppedTotal())};
            row = anyResumed ? withResumed(row, millis(s.resumedHandshake())) : row;
            if (peers != null) {
                io.dtlskit.PeerIdentity p = peers.get(s.association());
                row = withPeer(row, p == null ? "-" : p.describe());
            }
            rows.add(row);
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            for (int i = 0; i < r.length; i++) {
                boolean numeric = i >= 3 && !(peers != null && i == r.length - 1); // the peer column is text
                String cell = numeric ? " ".repeat(width[i] - r[i].length()) + r[i]
                        : r[i] + " ".repeat(width[i] - r[i].length());
                sb.append(i == 0 ? "" : "  ").append(cell);
            }
            while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                sb.setLength(sb.length() - 1); // no padding after the last column
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

    /** {@code row} with {@code cell} after the handshake column. */
    /** The peer identity as a last column. */
    private static String[] withPeer(String[] row, String cell) {
        String[] out = java.util.Arrays.copyOf(row, row.length + 1);
        out[row.length] = cell;
        return out;
    }

    private static String[] withResumed(String[] row, String cell) {
        String[] out = new String[row.length + 1];
        System.arraycopy(row, 0, out, 0, 4);
        out[4] = cell;
        System.arraycopy(row, 4, out, 5, row.length - 4);
        return out;
    }

    static Map<String, Object> json(AssociationStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "Summary");
        m.put("association", s.association());
        m.put("state", s.state().name().toLowerCase());
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

    static String millis(Duration d) {
        if (d == null) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }
}
