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

    PeersPanel(PeerTableModel model) {
        super(new BorderLayout(0, 4));
        setName("peersPanel");
        table = PlainText.table(model);
        table.setName("peersTable");
        table.setAutoCreateRowSorter(true);
        table.setFillsViewportHeight(true);
        int[] widths = {160, 90, 190, 270, 95, 105, 80};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        add(new JLabel("Peers:"), BorderLayout.NORTH);
        JScrollPane scroll = new JScrollPane(table);
        scroll.setPreferredSize(new Dimension(600, 100));
        add(scroll, BorderLayout.CENTER);
        setBorder(BorderFactory.createEmptyBorder(4, 0, 0, 0));
    }

    JTable table() {
        return table;
    }
}
