package io.dtlskit.app.gui;

import io.dtlskit.Endpoints;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridBagLayout;
import java.awt.Window;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Qt's "Host info" dialog (docs/qt-compatibility.md §3), plus the PSK identity, the PSK key (masked, never
 * prefilled and never remembered) and the ping interval. OK validates with {@link ConnectForm}; a
 * problem is shown in the dialog, which stays open with what the user typed.
 */
final class HostInfoDialog extends JDialog {
    /** The dialog's starting values. */
    record Defaults(String host, int port, String identity, long pingMillis) {
        /** What the user chose last, or the running local server ({@code local}, null if none). */
        static Defaults of(ClientPreferences p, InetSocketAddress local, int defaultPort) {
            long ping = p.pingInterval(Duration.ofMillis(5000)).toMillis();
            if (local != null) {
                // With a local server running, connecting to it is the likely wish.
                return new Defaults(Endpoints.host(local.getAddress()), local.getPort(), p.identity(), ping);
            }
            return new Defaults(p.host("localhost"), p.port(defaultPort), p.identity(), ping);
        }
    }

    private final HostCombo host;
    private final JSpinner port;
    private final JTextField identity = new JTextField(24);
    private final JPasswordField key = new JPasswordField(24);
    private final JSpinner ping;
    private final AuthPanel auth = new AuthPanel();
    private final javax.swing.JLabel error = Dialogs.errorLabel();
    private final Consumer<String> warnings;
    private ConnectSettings result;

    HostInfoDialog(Window owner, List<String> hosts, Defaults defaults, boolean customKeyLoaded,
                   Consumer<String> warnings) {
        super(owner, "Host info", ModalityType.APPLICATION_MODAL);
        this.warnings = warnings;
        setName("hostInfoDialog");
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);

        host = new HostCombo(hosts, defaults.host(), true);
        host.setName("hostCombo");
        ((JTextField) host.getEditor().getEditorComponent()).setName("hostField");
        port = Dialogs.spinner("portSpinner", defaults.port(), 0, 65535, 1);
        ping = Dialogs.spinner("pingSpinner", defaults.pingMillis(), 0, 3_600_000, 500);
        identity.setName("identityField");
        identity.setText(defaults.identity());
        identity.putClientProperty("JTextField.placeholderText", "the association's name, as Qt sends");
        key.setName("keyField");
        key.putClientProperty("JTextField.placeholderText",
                customKeyLoaded ? "the key from --psk-key-file" : "Qt's example key");
        key.putClientProperty("JPasswordField.showRevealButton", Boolean.FALSE);

        JPanel form = new JPanel(new GridBagLayout());
        Dialogs.row(form, 0, "Host name or address:", host);
        Dialogs.row(form, 1, "Server port:", port);
        Dialogs.row(form, 2, "PSK identity:", identity);
        Dialogs.row(form, 3, "PSK key (hex):", key);
        Dialogs.row(form, 4, "Ping interval (ms):", ping);
        auth.addTo(form, 5);

        JButton ok = new JButton("OK");
        ok.setName("okButton");
        ok.addActionListener(e -> onOk());
        JButton cancel = new JButton("Cancel");
        cancel.setName("cancelButton");
        cancel.addActionListener(e -> dispose());
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.TRAILING));
        buttons.add(ok);
        buttons.add(cancel);

        JPanel south = new JPanel(new BorderLayout());
        south.add(error, BorderLayout.CENTER);
        south.add(buttons, BorderLayout.SOUTH);

        JPanel content = new JPanel(new BorderLayout(0, 8));
        content.setBorder(BorderFactory.createEmptyBorder(12, 12, 8, 12));
        content.add(form, BorderLayout.CENTER);
        content.add(south, BorderLayout.SOUTH);
        setContentPane(content);
        getRootPane().setDefaultButton(ok);
        Dialogs.enterPressesOk(ok, port, ping);
        Dialogs.cancelOnEscape(this);
        pack();
        setResizable(false);
        setLocationRelativeTo(owner);
    }

    private void onOk() {
        ConnectForm.Result r = ConnectForm.validate(host.text(), Dialogs.field(port).getText(), identity.getText(),
                key.getPassword(), Dialogs.field(ping).getText());
        if (!r.ok()) {
            error.setText(r.error());
            if (ConnectForm.HOST_REQUIRED.equals(r.error())) {
                warnings.accept(r.error()); // Qt's info-pane warning, kept for parity
            }
            pack();
            return;
        }
        Object choice = auth.validate();
        if (choice instanceof String problem) {
            error.setText(problem);
            pack();
            return;
        }
        key.setText("");
        result = r.settings().withAuth((AuthChoice) choice);
        dispose();
    }

    /** The settings, or null if cancelled. */
    ConnectSettings result() {
        return result;
    }
}
