package io.dtlskit.app.gui;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.AssociationStats;
import io.dtlskit.Endpoints;

import javax.swing.table.AbstractTableModel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client window's table: one row per association, kept up to date from its events (and corrected
 * from {@link AssociationStats} snapshots, which also cover events the window had to drop). A row's
 * state only moves forward, like {@link AssociationState}, so a late event or snapshot never makes a
 * closed association look alive again. Event thread only.
 */
public final class AssociationTableModel extends AbstractTableModel {
    static final String[] COLUMNS = {"Name", "Server", "State", "Cipher suite", "Handshake", "Retransmissions",
            "Pings sent", "Replies", "Last RTT", "Peer identity"};
    private static final Class<?>[] TYPES = {String.class, String.class, String.class, String.class, String.class,
            Integer.class, Long.class, Long.class, String.class, String.class};

    static final class Row {
        final String name;
        String server = "";
        AssociationState state = AssociationState.CONNECTING;
        String cipherSuite;
        Duration handshakeTime;
        int retransmissions;
        long pingsSent;
        /** Replies counted from events and from the last snapshot: each is exact, the larger is newer. */
        long eventReplies;
        long statsReplies;
        Duration lastRoundTrip;
        /** Why it failed (the Failed event's message), or null. */
        String failure;
        /** PSK identity hint, certificate subject or raw key fingerprint, already made inert. */
        String peer;

        Row(String name) {
            this.name = name;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    /** Adds a row for an association just opened (before its first event arrives). */
    public void add(String name, InetSocketAddress server) {
        Row r = row(name);
        r.server = Endpoints.hostPort(server);
        changed(name);
    }

    /** Applies one event of an association. */
    public void apply(AssociationEvent event) {
        Row r = row(event.association());
        switch (event) {
            case AssociationEvent.HandshakeStarted e -> {
                r.server = Endpoints.hostPort(e.server());
                advance(r, AssociationState.HANDSHAKING);
            }
            case AssociationEvent.Retransmission e -> r.retransmissions = Math.max(r.retransmissions, e.attempt());
            case AssociationEvent.HandshakeCompleted e -> {
                advance(r, AssociationState.ENCRYPTED);
                r.cipherSuite = e.result().cipherSuite();
                r.handshakeTime = e.result().elapsed();
                r.retransmissions = Math.max(r.retransmissions, e.result().retransmissions());
                if (e.result().peer() != null) {
                    r.peer = e.result().peer().describe();
                }
            }
            case AssociationEvent.PeerCertificate e -> r.peer = e.identity().describe();
            case AssociationEvent.PingSent e -> r.pingsSent = Math.max(r.pingsSent, e.number() + 1);
            case AssociationEvent.ServerResponse e -> {
                r.eventReplies++;
                if (e.roundTrip() != null) {
                    r.lastRoundTrip = e.roundTrip();
                }
            }
            case AssociationEvent.Failed e -> {
                advance(r, AssociationState.FAILED);
                r.failure = e.message();
            }
            case AssociationEvent.Closed e -> advance(r, e.finalState());
            default -> {
                return; // nothing for the table
            }
        }
        changed(r.name);
    }

    /** Applies a snapshot of an association's counters, which are authoritative for the counts. */
    public void update(AssociationStats s) {
        Row r = row(s.association());
        advance(r, s.state());
        if (s.cipherSuite() != null) {
            r.cipherSuite = s.cipherSuite();
        }
        if (s.handshakeTime() != null) {
            r.handshakeTime = s.handshakeTime();
        }
        r.retransmissions = Math.max(r.retransmissions, s.retransmissions());
        r.pingsSent = Math.max(r.pingsSent, s.pingsSent());
        r.statsReplies = Math.max(r.statsReplies, s.repliesReceived());
        if (s.lastRoundTrip() != null) {
            r.lastRoundTrip = s.lastRoundTrip();
        }
        changed(r.name);
    }

    private static void advance(Row r, AssociationState next) {
        if (next == null || r.state.isTerminal()) {
            return;
        }
        if (next.ordinal() >= r.state.ordinal()) {
            r.state = next;
        }
    }

    private Row row(String name) {
        Integer i = index.get(name);
        if (i != null) {
            return rows.get(i);
        }
        Row r = new Row(name);
        rows.add(r);
        index.put(name, rows.size() - 1);
        fireTableRowsInserted(rows.size() - 1, rows.size() - 1);
        return r;
    }

    private void changed(String name) {
        int i = index.get(name);
        fireTableRowsUpdated(i, i);
    }

    public String nameAt(int row) {
        return rows.get(row).name;
    }

    /** Why the association of this row failed, or null. */
    public String failureAt(int row) {
        return rows.get(row).failure;
    }

    public AssociationState stateAt(int row) {
        return rows.get(row).state;
    }

    /** The row of an association, or -1. */
    public int rowOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** Associations whose state is not terminal. */
    public int liveCount() {
        int n = 0;
        for (Row r : rows) {
            if (!r.state.isTerminal()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column];
    }

    @Override
    public Class<?> getColumnClass(int column) {
        return TYPES[column];
    }

    @Override
    public Object getValueAt(int row, int column) {
        Row r = rows.get(row);
        return switch (column) {
            case 0 -> r.name;
            case 1 -> r.server;
            case 2 -> Format.state(r.state);
            case 3 -> Format.orEmpty(r.cipherSuite);
            case 4 -> Format.duration(r.handshakeTime);
            case 5 -> r.retransmissions;
            case 6 -> r.pingsSent;
            case 7 -> Math.max(r.eventReplies, r.statsReplies);
            case 8 -> Format.duration(r.lastRoundTrip);
            case 9 -> Format.orEmpty(r.peer);
            default -> throw new IndexOutOfBoundsException("column " + column);
        };
    }
}
