package io.dtlskit.app.gui;

import io.dtlskit.PskKey;
import io.dtlskit.Endpoints;
import io.dtlskit.probe.Probe;
import io.dtlskit.probe.ProbeReport;
import io.dtlskit.probe.ProbeText;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.JTextPane;
import javax.swing.SwingUtilities;
import javax.swing.text.BadLocationException;
import javax.swing.text.SimpleAttributeSet;
import javax.swing.text.StyleConstants;
import javax.swing.text.StyledDocument;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridBagLayout;
import java.awt.Window;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * "Probe…": runs {@code dtlskit probe} against a server and shows the same report as the command
 * line. The report goes into a styled document as plain text (never HTML), so nothing the server
 * sent (hint, certificate names) can become markup; warnings are coloured as on the terminal.
 */
final class ProbeDialog extends JDialog {
    private static final Color WARNING = new Color(0xFF, 0x8C, 0x00);

    private final JTextField target = new JTextField(22);
    private final JTextField identity = new JTextField(22);
    private final JPasswordField key = new JPasswordField(22);
    private final JButton run = new JButton("Probe");
    private final JLabel status = new JLabel(" ");
    private final JTextPane report = new JTextPane();
    private volatile java.util.concurrent.CompletableFuture<ProbeReport> shown = new java.util.concurrent.CompletableFuture<>();

    ProbeDialog(Window owner, String defaultTarget) {
        super(owner, "Probe a DTLS server", ModalityType.MODELESS);
        setName("probeDialog");
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        target.setName("probeTarget");
        target.setText(defaultTarget);
        identity.setName("probeIdentity");
        identity.putClientProperty("JTextField.placeholderText", "optional: for a full handshake");
        key.setName("probeKey");
        key.putClientProperty("JTextField.placeholderText", "hex; needed with an identity");
        run.setName("probeRun");
        status.setName("probeStatus");
        report.setName("probeReport");
        report.setEditable(false);
        report.setContentType("text/plain");
        report.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));

        JPanel form = new JPanel(new GridBagLayout());
        Dialogs.row(form, 0, "Server (host:port):", target);
        Dialogs.row(form, 1, "PSK identity:", identity);
        Dialogs.row(form, 2, "PSK key (hex):", key);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEADING));
        buttons.add(run);
        buttons.add(status);
        JPanel top = new JPanel(new BorderLayout());
        top.add(form, BorderLayout.CENTER);
        top.add(buttons, BorderLayout.SOUTH);
        JScrollPane scroll = new JScrollPane(report);
        scroll.setPreferredSize(new Dimension(900, 560));
        JPanel content = new JPanel(new BorderLayout(0, 8));
        content.setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        content.add(top, BorderLayout.NORTH);
        content.add(scroll, BorderLayout.CENTER);
        setContentPane(content);
        run.addActionListener(e -> onRun());
        getRootPane().setDefaultButton(run);
        Dialogs.cancelOnEscape(this);
        pack();
        setLocationRelativeTo(owner);
    }

    /** Completes when the report of the current (or next) probe is on screen. */
    java.util.concurrent.CompletableFuture<ProbeReport> shown() {
        return shown;
    }

    private void onRun() {
        Probe probe;
        try {
            probe = probe();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        run.setEnabled(false);
        status.setText("probing…");
        if (shown.isDone()) {
            shown = new java.util.concurrent.CompletableFuture<>();
        }
        // A platform thread: the probe is one blocking, sequential job.
        Thread.ofPlatform().daemon(true).name("dtlskit-gui-probe").start(() -> {
            ProbeReport r;
            try {
                r = probe.run();
            } catch (RuntimeException e) {
                SwingUtilities.invokeLater(() -> {
                    status.setText("probe failed: " + e.getMessage());
                    run.setEnabled(true);
                });
                return;
            }
            SwingUtilities.invokeLater(() -> show(r));
        });
    }

    private Probe probe() {
        String text = target.getText().strip();
        if (!text.contains(":")) {
            throw new IllegalArgumentException("give the server as host:port");
        }
        InetSocketAddress address = Endpoints.parse(text, -1);
        Probe.Builder b = Probe.builder().target(address).progress(step -> SwingUtilities.invokeLater(
                () -> status.setText("probing: " + step)));
        char[] k = key.getPassword();
        try {
            String id = identity.getText().strip();
            if (!id.isEmpty()) {
                if (k.length == 0) {
                    throw new IllegalArgumentException("a PSK identity needs its key");
                }
                b.psk(id, PskKey.ofHex(new String(k)));
            }
        } finally {
            Arrays.fill(k, '\0');
        }
        return b.build();
    }

    private void show(ProbeReport r) {
        run.setEnabled(true);
        status.setText(r.reachable() ? "done in " + r.elapsedMillis() / 1000 + " s" : "no DTLS answer");
        StyledDocument doc = report.getStyledDocument();
        SimpleAttributeSet plain = new SimpleAttributeSet();
        SimpleAttributeSet warn = new SimpleAttributeSet();
        StyleConstants.setForeground(warn, WARNING);
        SimpleAttributeSet bold = new SimpleAttributeSet();
        StyleConstants.setBold(bold, true);
        try {
            doc.remove(0, doc.getLength());
            for (String line : ProbeText.lines(r, false)) {
                var style = line.startsWith("  !") ? warn : !line.startsWith(" ") && !line.isEmpty() ? bold : plain;
                doc.insertString(doc.getLength(), line + "\n", style);
            }
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
        report.setCaretPosition(0);
        shown.complete(r);
    }
}
