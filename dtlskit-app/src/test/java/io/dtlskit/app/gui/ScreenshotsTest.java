package io.dtlskit.app.gui;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes the screenshots of docs/ from the real windows with real traffic. Runs only when asked:
 * {@code xvfb-run -a mvn -pl dtlskit-app verify -Dtest=ScreenshotsTest -Ddtlskit.screenshots=$PWD/docs}.
 */
@Tag("gui")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScreenshotsTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    // Every run renders both windows (into target/ unless a folder is named), so CI checks the capture too.
    final Path dir = Path.of(System.getProperty("dtlskit.screenshots", "target/screenshots"));

    @Test
    void clientWindow() throws Exception {
        Gui.assumeDisplay();
        Preferences prefs = Preferences.userRoot().node("io/dtlskit/test/" + UUID.randomUUID());
        try (Gui.Windows windows = new Gui.Windows()) {
            ClientWindow w = Gui.onEdt(() -> {
                ClientWindow c = new ClientWindow(new ClientWindow.Options(null, 22334, new ClientPreferences(prefs),
                        Theme.install(Theme.Mode.LIGHT), Duration.ofSeconds(6)));
                c.setVisible(true);
                return c;
            });
            try {
                Gui.PaneText info = Gui.onEdt(() -> new Gui.PaneText(w.infoPane().editor()));
                Gui.PaneText received = Gui.onEdt(() -> new Gui.PaneText(w.receivedPane().editor()));
                Gui.onEdt(() -> Gui.find(w, "localServerButton", JButton.class).doClick());
                info.await(t -> t.contains("Local server: Server is listening"), WAIT, "local server");
                InetSocketAddress local = w.localServerStarted().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

                connect(windows, w, "localhost", local.getPort(), 2000);
                received.await(t -> count(t, "): ACK") >= 3, WAIT, "three ACKs");
                // A second association to a port nobody serves: Qt's orange re-transmit lines, then our give-up.
                connect(windows, w, "127.0.0.1", 9, 2000);
                info.await(t -> t.contains("ICMP port unreachable for 3 flights in a row"), WAIT, "the give-up");
                Gui.TableText table = Gui.onEdt(() -> new Gui.TableText(w.associationTable()));
                table.await(t -> t.contains("| failed |") && t.contains("| encrypted |"), WAIT, "both rows");
                save(w, "gui-client.png");
            } finally {
                Gui.onEdt(w::quit).get(30, TimeUnit.SECONDS);
                prefs.removeNode();
            }
        }
    }

    @Test
    void serverWindow() throws Exception {
        Gui.assumeDisplay();
        try (Gui.Windows windows = new Gui.Windows();
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(1500)).build()) {
            ServerWindow w = Gui.onEdt(() -> {
                ServerWindow s = new ServerWindow(new ServerWindow.Options(null, 22334, Theme.install(Theme.Mode.LIGHT)));
                s.setVisible(true);
                return s;
            });
            try {
                Gui.PaneText info = Gui.onEdt(() -> new Gui.PaneText(w.infoPane().editor()));
                Gui.PaneText messages = Gui.onEdt(() -> new Gui.PaneText(w.messagesPane().editor()));
                JDialog d = Gui.openDialog(windows, w, "listenButton", "listenDialog");
                Gui.onEdt(() -> {
                    Gui.find(d, "addressField", JTextField.class).setText("127.0.0.1");
                    Gui.find(d, "portSpinner", JSpinner.class).setValue(0L);
                    Gui.find(d, "okButton", JButton.class).doClick();
                });
                info.await(t -> t.contains("Server is listening"), WAIT, "listening");
                InetSocketAddress bound = Gui.onEdt(w::serverAddress);
                RecordingListener events = new RecordingListener();
                DtlsAssociation first = client.connect(bound, events);
                DtlsAssociation second = client.connect(bound, events);
                events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 3, WAIT, "replies");
                first.close();
                info.await(t -> t.contains("shutdown alert received, peer forgotten"), WAIT, "one peer gone");
                messages.await(t -> count(t, "A message from") >= 3, WAIT, "messages");
                Gui.TableText table = Gui.onEdt(() -> new Gui.TableText(w.peerTable()));
                table.await(t -> t.contains("| closed |") && t.contains("| encrypted |"), WAIT, "both peers");
                assertThat(second.state().isTerminal()).isFalse();
                save(w, "gui-server.png");
            } finally {
                Gui.onEdt(w::quit).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void connect(Gui.Windows windows, ClientWindow w, String host, int port, long pingMillis) throws Exception {
        JDialog d = Gui.openDialog(windows, w, "connectButton", "hostInfoDialog");
        Gui.onEdt(() -> {
            Gui.find(d, "hostField", JTextField.class).setText(host);
            Gui.find(d, "portSpinner", JSpinner.class).setValue((long) port);
            Gui.find(d, "pingSpinner", JSpinner.class).setValue(pingMillis);
            Gui.find(d, "okButton", JButton.class).doClick();
        });
    }

    private void save(JFrame frame, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(dir);
        BufferedImage image = Gui.onEdt(() -> {
            var root = frame.getRootPane();
            BufferedImage img = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            root.printAll(g);
            g.dispose();
            return img;
        });
        ImageIO.write(image, "png", file.toFile());
        assertThat(Files.size(file)).isPositive();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
