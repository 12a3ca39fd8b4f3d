package io.dtlskit.app.gui;

import io.dtlskit.testing.Qt;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JEditorPane;
import javax.swing.JLabel;
import javax.swing.JPasswordField;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client window driven through its real components against a real server: Connect ... → Host
 * info → OK, the handshake and the ACKs in the panes, then Shutdown connections and the server's
 * report of the close_notify.
 */
@Tag("gui")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientWindowGuiTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    final RecordingServerListener serverEvents = new RecordingServerListener();
    final Preferences prefs = Preferences.userRoot().node("io/dtlskit/test/" + UUID.randomUUID());
    DtlsServer server;
    ClientWindow window;
    Gui.Windows windows;
    Gui.PaneText info;
    Gui.PaneText received;

    ResourceCheck resources;

    @BeforeEach
    void open() throws Exception {
        Gui.assumeDisplay();
        resources = Gui.baselineAfterToolkit();
        windows = new Gui.Windows();
        server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(serverEvents).start();
        window = Gui.onEdt(() -> {
            Palette palette = Theme.install(Theme.Mode.LIGHT);
            ClientWindow w = new ClientWindow(new ClientWindow.Options(null, 22334, new ClientPreferences(prefs),
                    palette, Duration.ofSeconds(8)));
            w.setVisible(true);
            info = new Gui.PaneText(w.infoPane().editor());
            received = new Gui.PaneText(w.receivedPane().editor());
            return w;
        });
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            Gui.onEdt(() -> window.quit()).get(30, TimeUnit.SECONDS);
        }
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

    @Test
    void connectsThroughTheDialogShowsAcksAndShutsDownWithCloseNotify() throws Exception {
        assertThat(Gui.onEdt(() -> window.getTitle())).isEqualTo("DTLS client");
        assertThat(Gui.onEdt(() -> Gui.find(window, "shutdownButton", JButton.class).isEnabled())).isFalse();

        JDialog dialog = openHostInfo();
        // Empty host: Qt's warning, and the dialog stays open with what was typed.
        Gui.onEdt(() -> {
            Gui.find(dialog, "hostField", JTextField.class).setText("");
            Gui.find(dialog, "okButton", JButton.class).doClick();
        });
        assertThat(Gui.onEdt(() -> Gui.find(dialog, "errorLabel", JLabel.class).getText()))
                .isEqualTo("Host name or address required to connect");
        assertThat(Gui.onEdt(dialog::isShowing)).isTrue();
        info.await(t -> t.contains("Host name or address required to connect"), WAIT, "Qt's empty-host warning");

        int port = server.localAddress().getPort();
        Gui.onEdt(() -> {
            Gui.find(dialog, "hostField", JTextField.class).setText("127.0.0.1");
            Gui.find(dialog, "portSpinner", JSpinner.class).setValue((long) port);
            Gui.find(dialog, "okButton", JButton.class).doClick();
        });
        assertThat(Gui.onEdt(dialog::isShowing)).isFalse();

        info.await(t -> t.contains("Alice (clone number ") && t.contains("): encrypted connection established!"),
                WAIT, "the handshake in the info pane");
        ServerEvent.MessageReceived ping = (ServerEvent.MessageReceived) serverEvents.await(
                e -> e instanceof ServerEvent.MessageReceived, WAIT, "ping 0 at the server");
        int clientPort = ping.peer().getPort();
        String ack = "to (127.0.0.1:" + clientPort + "): ACK";
        received.await(t -> t.contains(ack) && t.contains(" received a DTLS datagram:") && t.contains("As plain text:"),
                WAIT, "the ACK block in the received pane");
        String shown = Gui.onEdt(() -> window.receivedPane().renderedText());
        assertThat(Pattern.compile("---------------\\s+Alice \\(clone number \\d+\\) received a DTLS datagram:\\s+"
                + "17 fe fd 00 01 ([0-9a-f]{2} )+[0-9a-f]{2}\\s+As plain text:\\s+" + Pattern.quote(ack))
                .matcher(shown).find()).as(shown).isTrue();

        Gui.TableText table = Gui.onEdt(() -> new Gui.TableText(window.associationTable()));
        table.await(t -> t.contains("127.0.0.1:" + port + " | encrypted | TLS_PSK_WITH_AES_128_GCM_SHA256"), WAIT,
                "an encrypted row in the associations table");
        // The key is never shown: not the default one, in any form.
        String everything = Gui.onEdt(() -> window.infoPane().renderedText() + window.receivedPane().renderedText()
                + Gui.TableText.render(window.associationTable()));
        assertThat(everything).doesNotContain("1a2b3c4d5e6f", "1a 2b 3c 4d 5e 6f");

        // Send typed text on the selected association: one record, seen by the server.
        assertThat(Gui.onEdt(() -> Gui.find(window, "sendButton", JButton.class).isEnabled())).as("nothing selected").isFalse();
        Gui.onEdt(() -> {
            Gui.find(window, "associationsTable", javax.swing.JTable.class).setRowSelectionInterval(0, 0);
            Gui.find(window, "messageField", JTextField.class).setText("hello from the window");
            Gui.find(window, "sendButton", JButton.class).doClick();
        });
        serverEvents.await(e -> e instanceof ServerEvent.MessageReceived m
                && m.plaintextText().equals("hello from the window"), WAIT, "the typed message at the server");
        info.await(t -> t.contains("): sent 21 bytes: hello from the window"), WAIT, "the send in the info pane");

        assertThat(Gui.onEdt(() -> Gui.find(window, "shutdownButton", JButton.class).isEnabled())).isTrue();
        Gui.onEdt(() -> Gui.find(window, "shutdownButton", JButton.class).doClick());
        ServerEvent.PeerClosed closed = (ServerEvent.PeerClosed) serverEvents.await(
                e -> e instanceof ServerEvent.PeerClosed, WAIT, "the server's report of close_notify");
        assertThat(closed.peer().getPort()).isEqualTo(clientPort);
        assertThat(closed.reason()).isEqualTo("shutdown alert received, peer forgotten");
        assertThat(Gui.onEdt(() -> Gui.find(window, "shutdownButton", JButton.class).isEnabled())).isFalse();
        table.await(t -> t.contains(" | closed | "), WAIT, "the row closed");

        // What the user typed is remembered for the next run; the key never is.
        assertThat(prefs.get("host", null)).isEqualTo("127.0.0.1");
        assertThat(prefs.getInt("port", -1)).isEqualTo(port);
    }

    @Test
    void localServerWithACustomKeyAndSaveLog(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Gui.onEdt(() -> Gui.find(window, "localServerButton", JButton.class).doClick());
        info.await(t -> t.contains("Local server: Server is listening on address 127.0.0.1 and port "), WAIT,
                "the local server");
        InetSocketAddress local = window.localServerStarted().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Gui.onEdt(() -> Gui.find(window, "localServerButton", JButton.class).getText()))
                .isEqualTo("Stop local server");

        // The dialog offers the local server; a wrong key shows the core's clear failure.
        JDialog dialog = openHostInfo();
        assertThat(Gui.onEdt(() -> Gui.find(dialog, "hostField", JTextField.class).getText())).isEqualTo("127.0.0.1");
        assertThat(Gui.onEdt(() -> Gui.find(dialog, "portSpinner", JSpinner.class).getValue()))
                .isEqualTo((long) local.getPort());
        Gui.onEdt(() -> {
            Gui.find(dialog, "keyField", JPasswordField.class).setText("00ff00ff00ff");
            Gui.find(dialog, "identityField", JTextField.class).setText("gui-test");
            Gui.find(dialog, "okButton", JButton.class).doClick();
        });
        // A wrong key's Finished is silently discarded (RFC 6347 §4.1.2.7), so the core gives up after
        // the handshake timeout (8 s here) and says what is probably wrong.
        info.await(t -> t.contains("handshake timed out") && t.contains("wrong PSK key"), WAIT, "the wrong-key failure");

        // A typed key is for that connection only: a blank field means the default (Qt's) key again.
        JDialog second = openHostInfo();
        assertThat(Gui.onEdt(() -> Gui.find(second, "keyField", JPasswordField.class).getPassword())).isEmpty();
        Gui.onEdt(() -> Gui.find(second, "okButton", JButton.class).doClick());
        info.await(t -> t.contains("encrypted connection established!"), WAIT, "the handshake with the local server");
        received.await(t -> t.contains("): ACK"), WAIT, "an ACK from the local server");

        Path log = dir.resolve("client.log");
        Gui.onEdt(() -> {
            window.saveLog(log);
            return null;
        });
        String saved = Files.readString(log);
        assertThat(saved).startsWith("DTLS info messages:\n").contains("encrypted connection established!")
                .containsPattern("Received datagrams:\\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  ---------------\\n")
                .contains("): ACK")
                .doesNotContain("1a2b3c4d5e6f", "00ff00ff00ff", "1a 2b 3c 4d 5e 6f");
        assertThat(Gui.onEdt(() -> Gui.find(window, "infoPane", JEditorPane.class).getText()))
                .doesNotContain("1a2b3c4d5e6f");
        assertThat(prefs.get("pskIdentity", null)).isEqualTo("gui-test");
        for (String k : prefs.keys()) {
            assertThat(prefs.get(k, "")).doesNotContain("1a2b3c4d5e6f", "00ff00ff00ff");
        }
    }

    @Test
    void connectsWithACertificateChosenInTheDialogAndShowsTheServersSubject(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        io.dtlskit.TestPki.write(dir);
        RecordingServerListener certEvents = new RecordingServerListener();
        try (DtlsServer certServer = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .credentials(io.dtlskit.Credentials.fromPem(dir.resolve("server.pem"), dir.resolve("server-key.pem")))
                .clientAuth(io.dtlskit.ClientAuth.NEED, io.dtlskit.PeerVerifier.trusting(dir.resolve("ca.pem")))
                .handler(io.dtlskit.ServerHandler.ack()).listener(certEvents).start()) {
            int port = certServer.localAddress().getPort();
            JDialog dialog = openHostInfo();
            Gui.onEdt(() -> {
                Gui.find(dialog, "hostField", JTextField.class).setText("127.0.0.1");
                Gui.find(dialog, "portSpinner", JSpinner.class).setValue((long) port);
                @SuppressWarnings("unchecked")
                javax.swing.JComboBox<AuthChoice.Mode> mode = Gui.find(dialog, "authMode", javax.swing.JComboBox.class);
                mode.setSelectedItem(AuthChoice.Mode.CERTIFICATE);
                Gui.find(dialog, "okButton", JButton.class).doClick(); // no CA file yet: refused in the dialog
            });
            assertThat(Gui.onEdt(() -> Gui.find(dialog, "errorLabel", JLabel.class).getText())).startsWith("Choose the CA file");
            assertThat(Gui.onEdt(() -> Gui.find(dialog, "serverKeyField", JTextField.class).isEnabled()))
                    .as("raw-key field off in certificate mode").isFalse();
            Gui.onEdt(() -> {
                Gui.find(dialog, "caField", JTextField.class).setText(dir.resolve("ca.pem").toString());
                Gui.find(dialog, "certField", JTextField.class).setText(dir.resolve("client.pem").toString());
                Gui.find(dialog, "clientKeyField", JTextField.class).setText(dir.resolve("client-key.pem").toString());
                Gui.find(dialog, "okButton", JButton.class).doClick();
            });
            info.await(t -> t.contains("server presented Certificate[subject=CN=localhost"), WAIT, "the server's certificate");
            info.await(t -> t.contains("encrypted connection established!"), WAIT, "the handshake");
            Gui.TableText table = Gui.onEdt(() -> new Gui.TableText(window.associationTable()));
            table.await(t -> t.contains("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8") && t.contains("CN=localhost"), WAIT,
                    "the row with the suite and the server's subject");
            var got = (ServerEvent.PeerCertificate) certEvents.await(e -> e instanceof ServerEvent.PeerCertificate,
                    WAIT, "our client certificate at the server");
            assertThat(got.identity().describe()).isEqualTo("CN=dtlskit client");
            Gui.onEdt(() -> Gui.find(window, "shutdownButton", JButton.class).doClick());
            certEvents.await(e -> e instanceof ServerEvent.PeerClosed, WAIT, "close_notify at the server");
        }
    }

    private JDialog openHostInfo() throws Exception {
        return Gui.openDialog(windows, window, "connectButton", "hostInfoDialog");
    }
}
