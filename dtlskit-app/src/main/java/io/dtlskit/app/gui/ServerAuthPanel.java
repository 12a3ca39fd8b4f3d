package io.dtlskit.app.gui;

import io.dtlskit.ClientAuth;

import javax.swing.JComboBox;
import javax.swing.JPanel;
import javax.swing.JTextField;
import java.util.List;

/**
 * The listen dialog's authentication rows: PSK / certificate / self-signed / raw public key, our files,
 * and client authentication (none / want / need) with its trust file. Rows that do not apply are
 * disabled; the "…" buttons and field look are {@link AuthPanel}'s.
 */
final class ServerAuthPanel {
    final JComboBox<ServerAuthChoice.Mode> mode = new JComboBox<>(ServerAuthChoice.Mode.values());
    final JTextField cert = AuthPanel.field("serverCertField", "our certificate chain (PEM, leaf first)");
    final JTextField key = AuthPanel.field("serverKeyFileField", "our private key (PEM); raw key: blank generates one");
    final JComboBox<ClientAuth> clientAuth = new JComboBox<>(ClientAuth.values());
    final JTextField trust = AuthPanel.field("clientTrustField", "client CA (PEM), or trusted client keys for RPK");
    private final List<JPanel> rows;

    ServerAuthPanel() {
        mode.setName("serverAuthMode");
        clientAuth.setName("clientAuthMode");
        rows = List.of(AuthPanel.withChooser(cert), AuthPanel.withChooser(key), AuthPanel.withChooser(trust));
        mode.addActionListener(e -> enableRows());
        clientAuth.addActionListener(e -> enableRows());
        enableRows();
    }

    void addTo(JPanel form, int firstRow) {
        Dialogs.row(form, firstRow, "Authentication:", mode);
        Dialogs.row(form, firstRow + 1, "Certificate:", rows.get(0));
        Dialogs.row(form, firstRow + 2, "Private key:", rows.get(1));
        Dialogs.row(form, firstRow + 3, "Client authentication:", clientAuth);
        Dialogs.row(form, firstRow + 4, "Client CA / keys:", rows.get(2));
    }

    /** A {@link ServerAuthChoice}, or a String naming the problem. */
    Object validate() {
        return ServerAuthChoice.validate((ServerAuthChoice.Mode) mode.getSelectedItem(), cert.getText(), key.getText(),
                (ClientAuth) clientAuth.getSelectedItem(), trust.getText());
    }

    private void enableRows() {
        ServerAuthChoice.Mode m = (ServerAuthChoice.Mode) mode.getSelectedItem();
        boolean psk = m == ServerAuthChoice.Mode.PSK;
        AuthPanel.enable(rows.get(0), m == ServerAuthChoice.Mode.CERTIFICATE);
        AuthPanel.enable(rows.get(1), m == ServerAuthChoice.Mode.CERTIFICATE || m == ServerAuthChoice.Mode.RAW_PUBLIC_KEY);
        clientAuth.setEnabled(!psk);
        AuthPanel.enable(rows.get(2), !psk && clientAuth.getSelectedItem() != ClientAuth.NONE);
    }
}
