package io.dtlskit.app.gui;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridBagLayout;
import java.awt.Window;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The server's "IP and port" dialog (docs/qt-compatibility.md §4): an address of this machine (loopback included,
 * unlike Qt) and a port, default 22334, 0 for any free port.
 */
final class ListenDialog extends JDialog {
    private final HostCombo address;
    private final JSpinner port;
    private final JLabel error = Dialogs.errorLabel();
    private InetSocketAddress result;

    ListenDialog(Window owner, List<String> addresses, String selected, int defaultPort) {
        super(owner, "IP and port", ModalityType.APPLICATION_MODAL);
        setName("listenDialog");
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        address = new HostCombo(addresses, selected, true);
        address.setName("addressCombo");
        ((JTextField) address.getEditor().getEditorComponent()).setName("addressField");
        port = Dialogs.spinner("portSpinner", defaultPort, 0, 65535, 1);

        JPanel form = new JPanel(new GridBagLayout());
        Dialogs.row(form, 0, "Address:", address);
        Dialogs.row(form, 1, "Port:", port);

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
        Dialogs.enterPressesOk(ok, port);
        Dialogs.cancelOnEscape(this);
        pack();
        setResizable(false);
        setLocationRelativeTo(owner);
    }

    private void onOk() {
        ListenForm.Result r = ListenForm.validate(address.text(), Dialogs.field(port).getText());
        if (!r.ok()) {
            error.setText(r.error());
            pack();
            return;
        }
        result = r.address();
        dispose();
    }

    /** The chosen address, or null if cancelled. */
    InetSocketAddress result() {
        return result;
    }
}
