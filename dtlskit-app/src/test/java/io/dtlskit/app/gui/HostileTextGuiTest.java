package io.dtlskit.app.gui;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.PskKey;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JSpinner;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.plaf.basic.BasicHTML;
import java.awt.Graphics2D;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, security defect 1, reproduced on the real server window: a client whose PSK identity is
 * HTML with a remote image (and a wrong key, so it never authenticates). The peers table and the
 * info pane must show the markup as text, and nothing may fetch the image.
 */
@Tag("gui")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileTextGuiTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final Path dir = Path.of(System.getProperty("dtlskit.screenshots", "target/screenshots"));

    @Test
    void aHostileIdentityIsShownAsTextAndNothingIsFetched() throws Exception {
        Gui.assumeDisplay();
        AtomicInteger fetches = new AtomicInteger();
        try (ServerSocket images = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Gui.Windows windows = new Gui.Windows();
             DtlsClient client = Qt.client().pskKey(PskKey.ofHex("00112233"))
                     .handshakeTimeout(Duration.ofSeconds(3)).build()) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!images.isClosed()) {
                    try (Socket s = images.accept()) {
                        fetches.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            String hostile = "<html><font size=6 color=red>X</font><img src='http://127.0.0.1:"
                    + images.getLocalPort() + "/x.png'>";
            ServerWindow w = Gui.onEdt(() -> {
                ServerWindow s = new ServerWindow(new ServerWindow.Options(null, 22334, Theme.install(Theme.Mode.LIGHT)));
                s.setVisible(true);
                return s;
            });
            try {
                Gui.PaneText info = Gui.onEdt(() -> new Gui.PaneText(w.infoPane().editor()));
                JDialog d = Gui.openDialog(windows, w, "listenButton", "listenDialog");
                Gui.onEdt(() -> {
                    Gui.find(d, "addressField", JTextField.class).setText("127.0.0.1");
                    Gui.find(d, "portSpinner", JSpinner.class).setValue(0L);
                    Gui.find(d, "okButton", JButton.class).doClick();
                });
                info.await(t -> t.contains("Server is listening"), WAIT, "listening");
                InetSocketAddress bound = Gui.onEdt(w::serverAddress);
                RecordingListener events = new RecordingListener();
                DtlsAssociation a = client.association(bound).pskIdentity(hostile).listener(events).connect();
                events.await(e -> e instanceof AssociationEvent.Closed, WAIT, "the wrong-key handshake to end");
                assertThat(a.stats().cipherSuite()).isNull();
                info.await(t -> t.contains("received a client's identity: '" + hostile + "'"), WAIT,
                        "the identity as text in the info pane");
                Gui.TableText table = Gui.onEdt(() -> new Gui.TableText(w.peerTable()));
                table.await(t -> t.contains(" | " + hostile + " | "), WAIT, "the identity in the peers table");

                JTable peers = Gui.onEdt(() -> Gui.find(w, "peersTable", JTable.class));
                JComponent cell = Gui.onEdt(() -> (JComponent) peers.prepareRenderer(peers.getCellRenderer(0, 2), 0, 2));
                assertThat(Gui.onEdt(() -> cell.getClientProperty(BasicHTML.propertyKey))).as("an HTML view").isNull();
                assertThat(Gui.onEdt(() -> ((javax.swing.JLabel) cell).getText())).isEqualTo(hostile);
                // The row's preferred height is one text line, not the 24-point font of <font size=6>.
                assertThat(Gui.onEdt(() -> cell.getPreferredSize().height)).isLessThan(30);

                Path file = dir.resolve("hostile-identity-server-window.png");
                Files.createDirectories(dir);
                BufferedImage image = Gui.onEdt(() -> {
                    var root = w.getRootPane();
                    BufferedImage img = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = img.createGraphics();
                    root.printAll(g);
                    g.dispose();
                    return img;
                });
                ImageIO.write(image, "png", file.toFile());
                Gui.onEdt(() -> Toolkit.getDefaultToolkit().sync());
                assertThat(fetches.get()).as("connections to the image URL the peer chose").isZero();
            } finally {
                Gui.onEdt(w::quit).get(30, TimeUnit.SECONDS);
                images.close();
                acceptor.join(5000);
            }
        }
    }
}
