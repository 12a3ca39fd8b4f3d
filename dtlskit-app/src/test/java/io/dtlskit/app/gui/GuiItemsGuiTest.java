package io.dtlskit.app.gui;

import io.dtlskit.DtlsServer;
import io.dtlskit.EventLevel;
import io.dtlskit.testing.Qt;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFormattedTextField;
import javax.swing.JLabel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11's GUI items, through the real windows. */
@Tag("gui")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GuiItemsGuiTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    final Preferences prefs = Preferences.userRoot().node("io/dtlskit/test/" + UUID.randomUUID());
    DtlsServer server;
    Gui.Windows windows;
    ResourceCheck resources;

    @BeforeEach
    void open() throws Exception {
        Gui.assumeDisplay();
        resources = Gui.baselineAfterToolkit();
        windows = new Gui.Windows();
        server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (windows != null) {
            windows.close();
        }
        prefs.removeNode();
        if (resources != null) {
            resources.assertNoLeaks(Duration.ofSeconds(15));
        }
    }

    ClientWindow clientWindow() throws Exception {
        return Gui.onEdt(() -> {
            ClientWindow w = new ClientWindow(new ClientWindow.Options(null, 22334, new ClientPreferences(prefs),
                    Theme.install(Theme.Mode.LIGHT), Duration.ofSeconds(8)));
            w.setVisible(true);
            return w;
        });
    }

    /** Types {@code text} into a field as a user would (the field is then "edited") and presses Enter there. */
    static void typeAndEnter(JTextField field, String text) throws Exception {
        Gui.onEdt(() -> {
            field.requestFocusInWindow();
            field.setText(text);
            field.dispatchEvent(new KeyEvent(field, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0,
                    KeyEvent.VK_ENTER, '\n'));
        });
    }

    void connectWithEnter(ClientWindow w, String host, int port) throws Exception {
        JDialog d = Gui.openDialog(windows, w, "connectButton", "hostInfoDialog");
        Gui.onEdt(() -> Gui.find(d, "hostField", JTextField.class).setText(host));
        typeAndEnter(Gui.onEdt(() -> Gui.find(d, "portSpinnerText", JFormattedTextField.class)), String.valueOf(port));
        Gui.onEdt(() -> null);
        assertThat(Gui.onEdt(d::isShowing)).as("Enter in the port field pressed OK").isFalse();
    }

    @Test
    void clientWindowLogsClosingShowsFailureReasonsNamesUnknownHostsAndFitsItsTable() throws Exception {
        ClientWindow w = clientWindow();
        try {
            Gui.PaneText info = Gui.onEdt(() -> new Gui.PaneText(w.infoPane().editor()));
            Gui.TableText table = Gui.onEdt(() -> new Gui.TableText(w.associationTable()));
            JTable view = Gui.onEdt(() -> Gui.find(w, "associationsTable", JTable.class));

            // The table is usable at the default window size: at least five rows visible.
            int visibleRows = Gui.onEdt(() -> ((JScrollPane) SwingUtilities.getAncestorOfClass(JScrollPane.class, view))
                    .getViewport().getExtentSize().height / view.getRowHeight());
            assertThat(visibleRows).as("rows visible at the default size").isGreaterThanOrEqualTo(5);

            // Enter in the port field connects; closing one association is logged.
            connectWithEnter(w, "127.0.0.1", server.localAddress().getPort());
            table.await(t -> t.contains(" | encrypted | "), WAIT, "an encrypted row");
            Gui.onEdt(() -> {
                view.setRowSelectionInterval(0, 0);
                Gui.find(w, "closeSelectedButton", JButton.class).doClick();
            });
            String name = Gui.onEdt(() -> w.associationTable().nameAt(0));
            info.await(t -> t.contains(name + ": closing (close_notify if encrypted)"), WAIT, "the close logged");

            // A failed row says why, in its tooltip and in the info pane.
            int deadPort;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                deadPort = s.getLocalPort();
            }
            connectWithEnter(w, "127.0.0.1", deadPort);
            table.await(t -> t.contains(" | failed | "), WAIT, "a failed row");
            info.await(t -> t.contains("ICMP port unreachable for 3 flights in a row"), WAIT, "the reason in the info pane");
            String tip = Gui.onEdt(() -> {
                Rectangle cell = view.getCellRect(view.convertRowIndexToView(1), 2, true);
                return view.getToolTipText(new MouseEvent(view, MouseEvent.MOUSE_MOVED, 0, 0, cell.x + 2, cell.y + 2, 0,
                        false));
            });
            assertThat(tip).contains("no server on 127.0.0.1:" + deadPort).contains("ICMP port unreachable");

            // Shutting everything down is logged.
            connectWithEnter(w, "127.0.0.1", server.localAddress().getPort());
            table.await(t -> t.lines().filter(l -> l.contains(" | encrypted | ")).count() == 1, WAIT, "a new encrypted row");
            Gui.onEdt(() -> Gui.find(w, "shutdownButton", JButton.class).doClick());
            info.await(t -> t.contains("Shutting down 1 association(s): close_notify to each encrypted one"), WAIT,
                    "the shutdown logged");

            // "Host not found" names the host (RFC 6761: .invalid never resolves).
            JDialog d = Gui.openDialog(windows, w, "connectButton", "hostInfoDialog");
            Gui.onEdt(() -> {
                Gui.find(d, "hostField", JTextField.class).setText("no-such-host.invalid");
                Gui.find(d, "okButton", JButton.class).doClick();
            });
            info.await(t -> t.contains("Host not found: no-such-host.invalid"), WAIT, "the unknown host named");
        } finally {
            Gui.onEdt(w::quit).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverWindowListensOnEnterAndShowsItsDropCounters() throws Exception {
        ServerWindow w = Gui.onEdt(() -> {
            ServerWindow s = new ServerWindow(new ServerWindow.Options(null, 22334, Theme.install(Theme.Mode.LIGHT)));
            s.setVisible(true);
            return s;
        });
        try {
            Gui.PaneText info = Gui.onEdt(() -> new Gui.PaneText(w.infoPane().editor()));
            JDialog d = Gui.openDialog(windows, w, "listenButton", "listenDialog");
            Gui.onEdt(() -> Gui.find(d, "addressField", JTextField.class).setText("127.0.0.1"));
            typeAndEnter(Gui.onEdt(() -> Gui.find(d, "portSpinnerText", JFormattedTextField.class)), "0");
            info.await(t -> t.contains("Server is listening on address 127.0.0.1"), WAIT, "listening after Enter");
            InetSocketAddress bound = Gui.onEdt(w::serverAddress);

            JLabel drops = Gui.onEdt(() -> Gui.find(w, "dropsLabel", JLabel.class));
            io.dtlskit.testing.EventLog<String> texts = new io.dtlskit.testing.EventLog<>();
            Gui.onEdt(() -> {
                drops.addPropertyChangeListener("text", e -> texts.add((String) e.getNewValue()));
                texts.add(drops.getText());
            });
            assertThat(texts.snapshot().getFirst()).isEqualTo("Dropped datagrams: 0");
            // Application data (content type 23) from a peer the server does not know.
            byte[] record = {23, (byte) 0xfe, (byte) 0xfd, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 42};
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                s.send(new DatagramPacket(record, record.length, bound));
            }
            texts.await(t -> t.equals("Dropped datagrams: 1 (1 UNKNOWN_PEER)"), WAIT, "the drop counter");
        } finally {
            Gui.onEdt(w::quit).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSavedLogHasTimestamps() throws Exception {
        MessagePane pane = Gui.onEdt(() -> new MessagePane("t", "t", 10));
        Blocks blocks = new Blocks(Palette.LIGHT);
        Gui.onEdt(() -> {
            pane.setClock(Clock.fixed(Instant.parse("2026-11-27T16:20:08.123Z"), ZoneOffset.UTC));
            pane.append(blocks.line(EventLevel.INFO, "first"));
            pane.append(blocks.serverMessage("(127.0.0.1:1)", new byte[] {1, 2}, "hi".getBytes()));
        });
        assertThat(Gui.onEdt(pane::timestampedText)).isEqualTo("""
                2026-11-27 16:20:08.123  first
                2026-11-27 16:20:08.123  ---------------
                                         A message from (127.0.0.1:1)
                                         DTLS datagram:
                                         01 02
                                         As plain text:
                                         hi
                """);
    }
}
