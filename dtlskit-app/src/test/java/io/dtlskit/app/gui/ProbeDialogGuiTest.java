package io.dtlskit.app.gui;

import io.dtlskit.DtlsServer;
import io.dtlskit.probe.ProbeReport;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.swing.JButton;
import javax.swing.JTextPane;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** "Probe…" shows the probe's report; the server's hint, written as HTML, stays plain text. */
@Tag("gui")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProbeDialogGuiTest {
    @Test
    void showsTheReportWithPeerTextAsPlainText() throws Exception {
        Gui.assumeDisplay();
        ResourceCheck resources = Gui.baselineAfterToolkit();
        String hint = "<html><b>bold</b></html>";
        try (DtlsServer server = io.dtlskit.testing.Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .identityHint(hint).start()) {
            String target = "127.0.0.1:" + server.localAddress().getPort();
            ProbeDialog dialog = Gui.onEdt(() -> {
                Theme.install(Theme.Mode.LIGHT);
                ProbeDialog d = new ProbeDialog(null, target);
                d.setVisible(true);
                Gui.find(d, "probeRun", JButton.class).doClick();
                return d;
            });
            ProbeReport report = dialog.shown().get(60, TimeUnit.SECONDS);
            assertThat(report.reachable()).isTrue();
            String text = Gui.onEdt(() -> {
                JTextPane pane = Gui.find(dialog, "probeReport", JTextPane.class);
                return pane.getDocument().getText(0, pane.getDocument().getLength());
            });
            assertThat(text).contains("Versions        accepts DTLS 1.2", "PSK identity hint: '" + hint + "'",
                    "Handshake       not attempted");
            assertThat(Gui.onEdt(() -> Gui.find(dialog, "probeReport", JTextPane.class).getContentType()))
                    .isEqualTo("text/plain");
            Gui.onEdt(() -> {
                dialog.dispose();
                return null;
            });
        }
        resources.assertNoLeaks(Duration.ofSeconds(15));
    }
}
