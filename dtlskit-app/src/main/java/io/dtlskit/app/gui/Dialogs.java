package io.dtlskit.app.gui;

import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFormattedTextField;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.KeyStroke;
import javax.swing.SpinnerNumberModel;
import javax.swing.UIManager;
import java.awt.Color;
import java.awt.GridBagConstraints;
import java.awt.Insets;
import java.awt.event.KeyEvent;

/** Small helpers the two dialogs share. */
final class Dialogs {
    private Dialogs() {
    }

    /** A number spinner showing plain digits (no grouping), so "22334" reads as Qt shows it. */
    static JSpinner spinner(String name, long value, long min, long max, long step) {
        JSpinner s = new JSpinner(new SpinnerNumberModel(Long.valueOf(value), Long.valueOf(min), Long.valueOf(max),
                Long.valueOf(step)));
        s.setEditor(new JSpinner.NumberEditor(s, "#"));
        s.setName(name);
        field(s).setColumns(8);
        field(s).setName(name + "Text");
        return s;
    }

    static JFormattedTextField field(JSpinner s) {
        return ((JSpinner.DefaultEditor) s.getEditor()).getTextField();
    }

    static JLabel errorLabel() {
        JLabel l = PlainText.label(" ");
        l.setName("errorLabel");
        Color c = UIManager.getColor("Component.error.focusedBorderColor");
        l.setForeground(c != null ? c : new Color(0xDC143C));
        return l;
    }

    static void row(JPanel form, int y, String label, JComponent field) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = y;
        c.insets = new Insets(4, 4, 4, 8);
        c.anchor = GridBagConstraints.LINE_START;
        JLabel l = new JLabel(label);
        l.setLabelFor(field);
        form.add(l, c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        form.add(field, c);
    }

    /**
     * Enter in a spinner presses OK, as in every other field: a spinner's formatted text field takes
     * Enter to commit its edit and keeps it from the dialog's default button.
     */
    static void enterPressesOk(javax.swing.JButton ok, JSpinner... spinners) {
        for (JSpinner s : spinners) {
            field(s).addActionListener(e -> ok.doClick()); // the field commits the edit before this runs
        }
    }

    /** Escape closes the dialog like Cancel. */
    static void cancelOnEscape(JDialog dialog) {
        dialog.getRootPane().registerKeyboardAction(e -> dialog.dispose(),
                KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), JComponent.WHEN_IN_FOCUSED_WINDOW);
    }
}
