package io.dtlskit.app.gui;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server window driven through its real components, with a real client talking to it. */
@Tag("gui")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerWindowGuiTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    final RecordingListener clientEvents = new RecordingListener();
    DtlsClient client;
    ServerWindow window;
    Gui.Windows windows;
    Gui.PaneText info;
    Gui.PaneText messages;

    ResourceCheck resources;

    @BeforeEach
    void open() throws Exception {
        Gui.assumeDisplay();
        resources = Gui.baselineAfterToolkit();
        windows = new Gui.Windows();
        client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(300)).build();
        window = Gui.onEdt(() -> {
            ServerWindow w = new ServerWindow(new ServerWindow.Options(null, 22334, Theme.install(Theme.Mode.LIGHT)));
            w.setVisible(true);
            info = new Gui.PaneText(w.infoPane().editor());
            messages = new Gui.PaneText(w.messagesPane().editor());
            return w;
        });
    }

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        if (window != null) {
            Gui.onEdt(() -> window.quit()).get(30, TimeUnit.SECONDS);
        }
        if (windows != null) {
            windows.close();
        }
        if (resources != null) {
            resources.assertNoLeaks(Duration.ofSeconds(15));
        }
    }

    @Test
    void listensServesAClientStopsAndQuitsWithCloseNotify() throws Exception {
        assertThat(Gui.onEdt(() -> window.getTitle())).isEqualTo("DTLS server");
        JDialog dialog = openListenDialog();
        assertThat(Gui.onEdt(() -> dialog.getTitle())).isEqualTo("IP and port");
        assertThat(Gui.onEdt(() -> Gui.find(dialog, "portSpinner", JSpinner.class).getValue())).isEqualTo(22334L);
        Gui.onEdt(() -> {
            Gui.find(dialog, "addressField", JTextField.class).setText("not-an-address");
            Gui.find(dialog, "okButton", JButton.class).doClick();
        });
        assertThat(Gui.onEdt(() -> Gui.find(dialog, "errorLabel", JLabel.class).getText()))
                .isEqualTo("'not-an-address' is not an IP address of this machine");
        Gui.onEdt(() -> {
            Gui.find(dialog, "addressField", JTextField.class).setText("127.0.0.1");
            Gui.find(dialog, "portSpinner", JSpinner.class).setValue(0L);
            Gui.find(dialog, "okButton", JButton.class).doClick();
        });
        info.await(t -> t.contains("Server is listening on address 127.0.0.1 and port "), WAIT, "listening");
        InetSocketAddress bound = Gui.onEdt(() -> window.serverAddress());
        assertThat(info.snapshot().getLast()).contains("and port " + bound.getPort());
        awaitButton("Stop listening");

        DtlsAssociation a = client.association(bound).name("Alice (clone number 0)").listener(clientEvents).connect();
        clientEvents.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "an ACK at the client");
        int peerPort = a.localAddress().getPort();
        String peer = "(127.0.0.1:" + peerPort + ")";
        info.await(t -> t.contains(peer + ": not verified yet") && t.contains(peer + ": verified, starting a handshake")
                        && t.contains("PSK callback, received a client's identity: 'Alice (clone number 0)'")
                        && t.contains("Connection with " + peer + " encrypted. Session cipher: PSK-AES128-GCM-SHA256;"
                        + " session protocol: DTLS 1.2."),
                WAIT, "Qt's server trace");
        messages.await(t -> t.contains("A message from " + peer) && t.contains("DTLS datagram:")
                && t.contains("I am Alice (clone number 0), please, accept our ping 0"), WAIT, "the ping block");
        Gui.TableText peers = Gui.onEdt(() -> new Gui.TableText(window.peerTable()));
        peers.await(t -> t.contains("127.0.0.1:" + peerPort + " | encrypted | Alice (clone number 0) | "
                + "TLS_PSK_WITH_AES_128_GCM_SHA256"), WAIT, "the peer's row");

        // Stop listening keeps the socket: the existing session goes on.
        Gui.onEdt(() -> Gui.find(window, "listenButton", JButton.class).doClick());
        info.await(t -> t.contains("Server is not accepting new connections"), WAIT, "not accepting");
        awaitButton("Start listening");
        long replies = a.stats().repliesReceived();
        clientEvents.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, (int) replies + 1, WAIT,
                "replies after Stop listening");

        // Start listening on the same address again reuses the server (and its peers).
        JDialog again = openListenDialog();
        Gui.onEdt(() -> {
            Gui.find(again, "addressField", JTextField.class).setText("127.0.0.1");
            Gui.find(again, "portSpinner", JSpinner.class).setValue((long) bound.getPort());
            Gui.find(again, "okButton", JButton.class).doClick();
        });
        awaitButton("Stop listening");
        assertThat(Gui.onEdt(() -> window.serverAddress())).isEqualTo(bound);

        // Quit: close_notify to every client.
        Gui.onEdt(() -> Gui.find(window, "quitButton", JButton.class).doClick());
        clientEvents.await(e -> e instanceof AssociationEvent.AlertReceived r && r.description().equals("close_notify"),
                WAIT, "close_notify at the client");
        window.closed().get(30, TimeUnit.SECONDS);
        assertThat(Gui.onEdt(() -> window.isDisplayable())).isFalse();
    }

    @Test
    void certificateServerFromTheDialogAcceptsACertificateClientAndShowsItsSubject(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.dtlskit.TestPki.write(dir);
        JDialog dialog = openListenDialog();
        Gui.onEdt(() -> {
            Gui.find(dialog, "addressField", JTextField.class).setText("127.0.0.1");
            Gui.find(dialog, "portSpinner", JSpinner.class).setValue(0L);
            assertThat(Gui.find(dialog, "serverCertField", JTextField.class).isEnabled()).as("off for PSK").isFalse();
            @SuppressWarnings("unchecked")
            javax.swing.JComboBox<ServerAuthChoice.Mode> mode = Gui.find(dialog, "serverAuthMode", javax.swing.JComboBox.class);
            mode.setSelectedItem(ServerAuthChoice.Mode.CERTIFICATE);
            @SuppressWarnings("unchecked")
            javax.swing.JComboBox<io.dtlskit.ClientAuth> clientAuth = Gui.find(dialog, "clientAuthMode", javax.swing.JComboBox.class);
            clientAuth.setSelectedItem(io.dtlskit.ClientAuth.NEED);
            Gui.find(dialog, "serverCertField", JTextField.class).setText(dir.resolve("server.pem").toString());
            Gui.find(dialog, "okButton", JButton.class).doClick(); // no key, no client CA: refused in the dialog
        });
        assertThat(Gui.onEdt(() -> Gui.find(dialog, "errorLabel", JLabel.class).getText()))
                .isEqualTo("A certificate needs both its certificate file and its key file (PEM)");
        Gui.onEdt(() -> {
            Gui.find(dialog, "serverKeyFileField", JTextField.class).setText(dir.resolve("server-key.pem").toString());
            Gui.find(dialog, "clientTrustField", JTextField.class).setText(dir.resolve("ca.pem").toString());
            Gui.find(dialog, "okButton", JButton.class).doClick();
        });
        info.await(t -> t.contains("Serving certificate CN=localhost, SHA-256 fingerprint ")
                && t.contains("client authentication need"), WAIT, "the served certificate");
        info.await(t -> t.contains("Server is listening on address 127.0.0.1"), WAIT, "listening");
        InetSocketAddress bound = Gui.onEdt(() -> window.serverAddress());

        try (DtlsClient certClient = DtlsClient.builder()
                .serverVerifier(io.dtlskit.PeerVerifier.trusting(dir.resolve("ca.pem")))
                .credentials(io.dtlskit.Credentials.fromPem(dir.resolve("client.pem"), dir.resolve("client-key.pem")))
                .serverName("localhost").build()) {
            DtlsAssociation a = certClient.association(bound).listener(clientEvents).connect();
            a.handshake().get(30, TimeUnit.SECONDS);
            String peer = "127.0.0.1:" + a.localAddress().getPort();
            Gui.TableText peers = Gui.onEdt(() -> new Gui.TableText(window.peerTable()));
            peers.await(t -> t.contains(peer + " | encrypted | CN=dtlskit client | TLS_ECDHE_ECDSA_")
                            && t.contains(" | localhost"), WAIT,
                    "the peer's row with the client certificate's subject and the name it asked for (SNI)");
            info.await(t -> t.contains("(" + peer + "): client asked for server name 'localhost' (SNI)"), WAIT, "the SNI line");
            a.close();
        }
        // PSK suites stay offered beside the certificate: Qt's client still gets in.
        client.association(bound).name("Alice (clone number 0)").listener(clientEvents).connect();
        clientEvents.await(e -> e instanceof AssociationEvent.ServerResponse, WAIT, "an ACK for the PSK client");
    }

    private void awaitButton(String text) throws Exception {
        io.dtlskit.testing.EventLog<String> texts = new io.dtlskit.testing.EventLog<>();
        Gui.onEdt(() -> {
            JButton b = Gui.find(window, "listenButton", JButton.class);
            b.addPropertyChangeListener("text", e -> texts.add((String) e.getNewValue()));
            texts.add(b.getText());
        });
        texts.await(text::equals, WAIT, "the button to read '" + text + "'");
    }

    private JDialog openListenDialog() throws Exception {
        return Gui.openDialog(windows, window, "listenButton", "listenDialog");
    }
}
