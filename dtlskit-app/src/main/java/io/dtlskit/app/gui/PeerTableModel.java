package io.dtlskit.app.gui;

import io.dtlskit.AssociationState;
import io.dtlskit.PeerInfo;
import io.dtlskit.ServerEvent;
import io.dtlskit.Endpoints;

import javax.swing.table.AbstractTableModel;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server window's table of peers. The server's {@link PeerInfo} snapshots are authoritative for
 * the peers it still knows; events fill in between snapshots and mark the end of a peer, whose row
 * stays (closed or failed) so the user can see what happened. A new association from an address
 * whose row has ended starts that row afresh. Event thread only.
 */
public final class PeerTableModel extends AbstractTableModel {
    static final String[] COLUMNS = {"Address", "State", "Identity", "Cipher suite", "Datagrams in",
            "Datagrams out", "Last seen"};
    private static final Class<?>[] TYPES = {String.class, String.class, String.class, String.class, Long.class,
            Long.class, String.class};

    static final class Row {
        InetSocketAddress address; // changes when the peer moves (RFC 9146 Connection ID)
        AssociationState state = AssociationState.HANDSHAKING;
        String identity;
        String cipherSuite;
        long datagramsIn;
        long datagramsOut;
        Instant lastSeen;
        /** Why the association failed or ended, or null. */
        String failure;

        Row(InetSocketAddress address) {
            this.address = address;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<InetSocketAddress, Integer> index = new HashMap<>();
    private final ZoneId zone;

    public PeerTableModel() {
        this(ZoneId.systemDefault());
    }

    PeerTableModel(ZoneId zone) {
        this.zone = zone;
    }

    public void apply(ServerEvent event) {
        InetSocketAddress peer = event.peer();
        if (peer == null) {
            return;
        }
        switch (event) {
            case ServerEvent.PeerVerified e -> {
                Row r = row(peer);
                if (r.state.isTerminal()) {
                    restart(r, e.time());
                }
            }
            case ServerEvent.PeerReplaced e -> restart(row(peer), e.time());
            case ServerEvent.PskIdentity e -> row(peer).identity = e.identity();
            case ServerEvent.SessionResumed e -> row(peer).identity = e.identity();
            case ServerEvent.PeerMoved e -> move(e.from(), peer);
            case ServerEvent.PeerEncrypted e -> {
                Row r = row(peer);
                advance(r, AssociationState.ENCRYPTED);
                r.cipherSuite = e.cipherSuite();
            }
            case ServerEvent.MessageReceived e -> row(peer).lastSeen = e.time();
            case ServerEvent.PeerFailed e -> {
                Row r = row(peer);
                advance(r, AssociationState.FAILED);
                r.failure = e.message();
            }
            case ServerEvent.PeerClosed e -> advance(row(peer),
                    e.reason() != null && e.reason().startsWith("fatal") ? AssociationState.FAILED : AssociationState.CLOSED);
            default -> {
                return; // HelloVerifySent keeps no state on the server, so no row either
            }
        }
        changed(peer);
    }

    /** Applies a snapshot of every peer the server knows; known rows missing from it have ended. */
    public void update(List<PeerInfo> peers) {
        Set<InetSocketAddress> present = new HashSet<>();
        for (PeerInfo p : peers) {
            present.add(p.address());
            Row r = row(p.address());
            if (r.state.isTerminal() && !p.state().isTerminal()) {
                restart(r, p.lastSeen());
            }
            advance(r, p.state());
            if (p.identity() != null) {
                r.identity = p.identity();
            }
            if (p.cipherSuite() != null) {
                r.cipherSuite = p.cipherSuite();
            }
            r.datagramsIn = p.datagramsIn();
            r.datagramsOut = p.datagramsOut();
            r.lastSeen = p.lastSeen();
            changed(p.address());
        }
        for (Row r : rows) {
            if (!present.contains(r.address) && !r.state.isTerminal()) {
                r.state = AssociationState.CLOSED;
                changed(r.address);
            }
        }
    }

    /** The same association, now at {@code to}: its row follows (a row left at {@code to} is history). */
    private void move(InetSocketAddress from, InetSocketAddress to) {
        Integer i = index.remove(from);
        if (i == null) {
            row(to);
            return;
        }
        rows.get(i).address = to;
        index.put(to, i);
    }

    private static void restart(Row r, Instant when) {
        r.state = AssociationState.HANDSHAKING;
        r.identity = null;
        r.cipherSuite = null;
        r.datagramsIn = 0;
        r.datagramsOut = 0;
        r.lastSeen = when;
        r.failure = null;
    }

    private static void advance(Row r, AssociationState next) {
        if (next != null && !r.state.isTerminal() && next.ordinal() >= r.state.ordinal()) {
            r.state = next;
        }
    }

    private Row row(InetSocketAddress address) {
        Integer i = index.get(address);
        if (i != null) {
            return rows.get(i);
        }
        Row r = new Row(address);
        rows.add(r);
        index.put(address, rows.size() - 1);
        fireTableRowsInserted(rows.size() - 1, rows.size() - 1);
        return r;
    }

    private void changed(InetSocketAddress address) {
        int i = index.get(address);
        fireTableRowsUpdated(i, i);
    }

    /** The row of a peer, or -1. */
    public int rowOf(InetSocketAddress address) {
        Integer i = index.get(address);
        return i == null ? -1 : i;
    }

    /** Why the peer's association failed, or null. */
    public String failureAt(int row) {
        return rows.get(row).failure;
    }

    public AssociationState stateAt(int row) {
        return rows.get(row).state;
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
            case 0 -> Endpoints.hostPort(r.address);
            case 1 -> Format.state(r.state);
            case 2 -> Format.orEmpty(r.identity);
            case 3 -> Format.orEmpty(r.cipherSuite);
            case 4 -> r.datagramsIn;
            case 5 -> r.datagramsOut;
            case 6 -> Format.time(r.lastSeen, zone);
            default -> throw new IndexOutOfBoundsException("column " + column);
        };
    }
}
