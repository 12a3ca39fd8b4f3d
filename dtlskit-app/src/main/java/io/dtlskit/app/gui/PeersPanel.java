package io.dtlskit.app.gui;

import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import java.awt.BorderLayout;
import java.awt.Dimension;

/** The server window's live table of peers (beyond Qt). */
final class PeersPanel extends JPanel {
    private final JTable table;
    private final JLabel drops = PlainText.label("Dropped datagrams: 0");

    PeersPanel(PeerTableModel model) {
        super(new BorderLayout(0, 4));
        setName("peersPanel");
        table = PlainText.table(model, model::failureAt);
        table.setName("peersTable");
        table.setAutoCreateRowSorter(true);
        table.setFillsViewportHeight(true);
        int[] widths = {160, 90, 190, 270, 95, 105, 80};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        drops.setName("dropsLabel");
        JPanel header = new JPanel(new BorderLayout());
        header.add(new JLabel("Peers:"), BorderLayout.WEST);
        header.add(drops, BorderLayout.EAST);
        add(header, BorderLayout.NORTH);
        JScrollPane scroll = new JScrollPane(table);
        scroll.setPreferredSize(new Dimension(600, 100));
        add(scroll, BorderLayout.CENTER);
        setBorder(BorderFactory.createEmptyBorder(4, 0, 0, 0));
    }

    /** Shows the server's dropped-datagram counters, e.g. {@code Dropped datagrams: 12 (10 LIMIT_REACHED, 2 UNKNOWN_PEER)}. */
    void showDrops(io.dtlskit.ServerStats stats) {
        long total = stats.droppedTotal();
        String text = "Dropped datagrams: " + io.dtlskit.app.Drops.count(total)
                + (total == 0 ? "" : " (" + io.dtlskit.app.Drops.reasons(stats.dropped()) + ")");
        if (!text.equals(drops.getText())) {
            drops.setText(text);
        }
    }

    JLabel dropsLabel() {
        return drops;
    }

    JTable table() {
        return table;
    }
}
