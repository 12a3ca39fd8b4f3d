package io.dtlskit.app.gui;

import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JPanel;
import javax.swing.JTextField;
import java.awt.BorderLayout;
import java.util.List;

/**
 * The connect dialog's authentication rows: a choice of PSK, certificate or raw public key, and
 * the files each needs, with "…" buttons opening a file chooser. Rows that do not apply are disabled.
 */
final class AuthPanel {
    final JComboBox<AuthChoice.Mode> mode = new JComboBox<>(AuthChoice.Mode.values());
    final JTextField ca = field("caField", "PEM file of the CA that issued the server's certificate");
    final JCheckBox insecure = new JCheckBox("Do not verify the server's certificate (insecure)");
    final JTextField cert = field("certField", "optional: our certificate (PEM), if the server asks");
    final JTextField key = field("clientKeyField", "optional: our private key (PEM)");
    final JTextField serverKey = field("serverKeyField", "SHA256:... or a trusted-keys file");
    private final List<JPanel> rows;

    AuthPanel() {
        mode.setName("authMode");
        insecure.setName("insecureBox");
        rows = List.of(withChooser(ca), withChooser(cert), withChooser(key), withChooser(serverKey));
        mode.addActionListener(e -> enableRows());
        insecure.addActionListener(e -> enableRows());
        enableRows();
    }

    void addTo(JPanel form, int firstRow) {
        Dialogs.row(form, firstRow, "Authentication:", mode);
        Dialogs.row(form, firstRow + 1, "CA file:", rows.get(0));
        Dialogs.row(form, firstRow + 2, " ", insecure);
        Dialogs.row(form, firstRow + 3, "Client certificate:", rows.get(1));
        Dialogs.row(form, firstRow + 4, "Client key:", rows.get(2));
        Dialogs.row(form, firstRow + 5, "Server key:", rows.get(3));
    }

    /** An {@link AuthChoice}, or a String naming the problem. */
    Object validate() {
        return AuthChoice.validate((AuthChoice.Mode) mode.getSelectedItem(), ca.getText(), insecure.isSelected(),
                cert.getText(), key.getText(), serverKey.getText());
    }

    private void enableRows() {
        AuthChoice.Mode m = (AuthChoice.Mode) mode.getSelectedItem();
        boolean certificate = m == AuthChoice.Mode.CERTIFICATE;
        boolean raw = m == AuthChoice.Mode.RAW_PUBLIC_KEY;
        enable(rows.get(0), certificate && !insecure.isSelected());
        insecure.setEnabled(certificate);
        enable(rows.get(1), certificate);
        enable(rows.get(2), certificate || raw);
        enable(rows.get(3), raw);
    }

    static void enable(JPanel row, boolean on) {
        for (var c : row.getComponents()) {
            c.setEnabled(on);
        }
    }

    static JTextField field(String name, String placeholder) {
        JTextField f = new JTextField(24);
        f.setName(name);
        f.putClientProperty("JTextField.placeholderText", placeholder);
        return f;
    }

    static JPanel withChooser(JTextField f) {
        JButton pick = new JButton("…");
        pick.setName(f.getName() + "Chooser");
        pick.addActionListener(e -> {
            JFileChooser chooser = new JFileChooser();
            if (chooser.showOpenDialog(f) == JFileChooser.APPROVE_OPTION) {
                f.setText(chooser.getSelectedFile().getPath());
            }
        });
        JPanel p = new JPanel(new BorderLayout(4, 0));
        p.add(f, BorderLayout.CENTER);
        p.add(pick, BorderLayout.EAST);
        return p;
    }
}
