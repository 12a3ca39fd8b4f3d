package io.dtlskit.app.gui;

import javax.swing.DefaultListCellRenderer;
import javax.swing.JComboBox;
import javax.swing.JList;
import javax.swing.JSeparator;
import java.awt.Component;
import java.util.List;

/**
 * An editable combo box of host names and addresses with Qt's separator between the other entries
 * and the loopback addresses ({@link HostCandidates#SEPARATOR}); the separator cannot be chosen.
 */
final class HostCombo extends JComboBox<String> {
    private Object last;

    HostCombo(List<String> entries, String selected, boolean editable) {
        for (String e : entries) {
            addItem(e);
        }
        setEditable(editable);
        // Wide enough for an IPv6 address or a fully qualified name without the list's widest entry deciding.
        setPrototypeDisplayValue("2001:db8:ffff:ffff:ffff:ffff:ffff");
        setRenderer(new DefaultListCellRenderer() {
            @Override
            public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected,
                                                          boolean focus) {
                if (HostCandidates.SEPARATOR.equals(value)) {
                    return new JSeparator();
                }
                return super.getListCellRendererComponent(list, value, index, selected, focus);
            }
        });
        if (selected != null && !selected.isEmpty()) {
            setSelectedItem(selected);
        }
        last = getSelectedItem();
        addActionListener(e -> {
            if (HostCandidates.SEPARATOR.equals(getSelectedItem())) {
                setSelectedItem(last);
            } else {
                last = getSelectedItem();
            }
        });
    }

    /** The text typed or chosen. */
    String text() {
        Object v = isEditable() ? getEditor().getItem() : getSelectedItem();
        return v == null || HostCandidates.SEPARATOR.equals(v) ? "" : v.toString();
    }

    void setText(String text) {
        if (isEditable()) {
            getEditor().setItem(text);
        }
        setSelectedItem(text);
    }
}
