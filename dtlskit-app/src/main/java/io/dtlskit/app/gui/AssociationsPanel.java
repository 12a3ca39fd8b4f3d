package io.dtlskit.app.gui;

import io.dtlskit.AssociationState;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The client window's live table of associations (beyond Qt), with "Close selected" to shut one
 * association down (close_notify if encrypted), and a message field with "Send" to send typed text as
 * one record on the selected association.
 */
final class AssociationsPanel extends JPanel {
    private final AssociationTableModel model;
    private final JTable table;
    private final JButton closeSelected = new JButton("Close selected");
    private final JTextField message = new JTextField(24);
    private final JButton send = new JButton("Send");

    AssociationsPanel(AssociationTableModel model, Consumer<String> onClose, BiConsumer<String, String> onSend) {
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

        message.setName("messageField");
        message.setToolTipText("Text to send as one record on the selected association");
        send.setName("sendButton");
        send.setEnabled(false);
        Runnable sendTyped = () -> {
            String name = selectedName();
            if (name != null && send.isEnabled()) {
                onSend.accept(name, message.getText());
                message.setText("");
            }
        };
        send.addActionListener(e -> sendTyped.run());
        message.addActionListener(e -> sendTyped.run()); // Enter sends

        JPanel header = new JPanel(new BorderLayout());
        header.add(new JLabel("Associations:"), BorderLayout.WEST);
        JPanel right = new JPanel(new FlowLayout(FlowLayout.TRAILING, 6, 0));
        right.add(message);
        right.add(send);
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
        AssociationState state = view < 0 ? null : model.stateAt(table.convertRowIndexToModel(view));
        closeSelected.setEnabled(state != null && !state.isTerminal());
        send.setEnabled(state == AssociationState.ENCRYPTED);
    }

    JTable table() {
        return table;
    }
}
