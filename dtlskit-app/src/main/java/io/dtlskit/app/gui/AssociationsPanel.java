package io.dtlskit.app.gui;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.function.Consumer;

/**
 * The client window's live table of associations (beyond Qt), with "Close selected" to shut one
 * association down (close_notify if encrypted).
 */
final class AssociationsPanel extends JPanel {
    private final AssociationTableModel model;
    private final JTable table;
    private final JButton closeSelected = new JButton("Close selected");

    AssociationsPanel(AssociationTableModel model, Consumer<String> onClose) {
        super(new BorderLayout(0, 4));
        this.model = model;
        setName("associationsPanel");
        table = PlainText.table(model, model::failureAt);
        table.setName("associationsTable");
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setAutoCreateRowSorter(true);
        table.setFillsViewportHeight(true);
        int[] widths = {170, 150, 90, 270, 80, 115, 80, 65, 75};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        table.getSelectionModel().addListSelectionListener(e -> updateButton());
        model.addTableModelListener(e -> updateButton());

        closeSelected.setName("closeSelectedButton");
        closeSelected.setEnabled(false);
        closeSelected.addActionListener(e -> {
            String name = selectedName();
            if (name != null) {
                onClose.accept(name);
            }
        });

        JPanel header = new JPanel(new BorderLayout());
        header.add(new JLabel("Associations:"), BorderLayout.WEST);
        JPanel right = new JPanel(new FlowLayout(FlowLayout.TRAILING, 0, 0));
        right.add(closeSelected);
        header.add(right, BorderLayout.EAST);
        add(header, BorderLayout.NORTH);
        JScrollPane scroll = new JScrollPane(table);
        // Room for several rows at the window's default size: the table is the overview once there are
        // more than a couple of associations.
        scroll.setPreferredSize(new Dimension(600, table.getRowHeight() * 8 + table.getTableHeader().getPreferredSize().height));
        add(scroll, BorderLayout.CENTER);
        setBorder(BorderFactory.createEmptyBorder(4, 0, 0, 0));
    }

    private String selectedName() {
        int view = table.getSelectedRow();
        return view < 0 ? null : model.nameAt(table.convertRowIndexToModel(view));
    }

    private void updateButton() {
        int view = table.getSelectedRow();
        closeSelected.setEnabled(view >= 0 && !model.stateAt(table.convertRowIndexToModel(view)).isTerminal());
    }

    JTable table() {
        return table;
    }
}
