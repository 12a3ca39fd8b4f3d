package io.dtlskit.app.gui;

import io.dtlskit.DtlsServer;
import io.dtlskit.app.QtDefaults;
import io.dtlskit.EventLevel;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.Endpoints;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Qt's "DTLS server" window (docs/qt-compatibility.md §4): "Dtls server info:" and "Received messages:" panes,
 * "Start listening" / "Stop listening" with the "IP and port" dialog, "Quit" (close_notify to every
 * client), and a live table of peers.
 *
 * <p>In the core a server is bound when built and "Stop listening" keeps its socket, so existing
 * sessions keep working as in Qt. "Start listening" on the address it is bound to just listens again;
 * on another address the old server is shut down (close_notify to its peers) and a new one bound.
 * Building and closing servers may block, so that runs on a worker thread, in order.
 */
public final class ServerWindow extends JFrame {
    /** How the window starts. {@code key} null means Qt's example key. */
    public record Options(PskKey key, int defaultPort, Palette palette) {
    }

    static final int MAX_PANE_ENTRIES = 5_000;

    private final Options options;
    private final Blocks blocks;
    private final MessagePane info = new MessagePane("Dtls server info:", "serverInfoPane", MAX_PANE_ENTRIES);
    private final MessagePane messages = new MessagePane("Received messages:", "messagesPane", MAX_PANE_ENTRIES);
    private final PeerTableModel peers = new PeerTableModel();
    private final PeersPanel peersPanel = new PeersPanel(peers);
    private final JButton listen = new JButton("Start listening");
    private final JButton quit = new JButton("Quit");
    private final EventPump<ServerEvent> events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("dtlskit-gui-server-worker").factory());
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Timer refresh;
    private volatile DtlsServer server;
    private String lastAddress = "127.0.0.1";
    private int lastPort;
    private boolean busy;

    public ServerWindow(Options options) {
        super("DTLS server");
        this.options = options;
        this.blocks = new Blocks(options.palette());
        this.events = new EventPump<>(100_000, this::onEvents);
        this.lastPort = options.defaultPort();
        setName("serverWindow");
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                quit();
            }
        });

        listen.setName("listenButton");
        listen.addActionListener(e -> onListen());
        quit.setName("quitButton");
        quit.addActionListener(e -> quit());
        // Both buttons as wide as the wider label, so the toggle does not make the row jump.
        Dimension wide = new JButton("Start listening").getPreferredSize();
        listen.setPreferredSize(wide);
        quit.setPreferredSize(wide);

        JSplitPane panes = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, info, messages);
        panes.setResizeWeight(0.5);
        panes.setBorder(null);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.CENTER, 8, 0));
        buttons.add(listen);
        buttons.add(quit);
        JPanel top = new JPanel(new BorderLayout(0, 10));
        top.add(panes, BorderLayout.CENTER);
        top.add(buttons, BorderLayout.SOUTH);
        JSplitPane all = new JSplitPane(JSplitPane.VERTICAL_SPLIT, top, peersPanel);
        all.setResizeWeight(0.75);
        all.setBorder(null);
        JPanel content = new JPanel(new BorderLayout());
        content.setBorder(BorderFactory.createEmptyBorder(10, 12, 12, 12));
        content.add(all, BorderLayout.CENTER);
        setContentPane(content);
        setMinimumSize(new Dimension(600, 400));
        setSize(1090, 670);
        setLocationByPlatform(true);

        refresh = new Timer(1000, e -> refreshPeers());
        refresh.start();
    }

    // ------------------------------------------------------------------ handlers (event thread)

    private void onListen() {
        DtlsServer s = server;
        if (s != null && s.isListening()) {
            busy = true;
            updateButtons();
            worker.execute(() -> {
                s.stopListening();
                done();
            });
            return;
        }
        ListenDialog dialog = new ListenDialog(this, HostCandidates.forServer(), lastAddress, lastPort);
        dialog.setVisible(true);
        InetSocketAddress wanted = dialog.result();
        if (wanted == null) {
            return;
        }
        lastAddress = Endpoints.host(wanted.getAddress());
        lastPort = wanted.getPort();
        busy = true;
        updateButtons();
        worker.execute(() -> {
            listenOn(wanted);
            done();
        });
    }

    /** Worker thread. */
    private void listenOn(InetSocketAddress wanted) {
        DtlsServer old = server;
        if (old != null) {
            InetSocketAddress bound = old.localAddress();
            boolean same = bound.getAddress().equals(wanted.getAddress())
                    && (wanted.getPort() == 0 || wanted.getPort() == bound.getPort());
            if (same) {
                old.startListening();
                return;
            }
            server = null;
            old.close(); // close_notify to its peers: they belonged to the old address
        }
        try {
            DtlsServer.Builder b = QtDefaults.server(QtDefaults.key()).bind(wanted).listener(events::offer);
            if (options.key() != null) {
                b.pskKey(options.key());
            }
            server = b.start();
        } catch (IOException | RuntimeException e) {
            String text = "Server failed to listen on address " + Endpoints.host(wanted.getAddress()) + " and port "
                    + wanted.getPort() + " - " + e.getMessage();
            SwingUtilities.invokeLater(() -> info.append(blocks.line(EventLevel.ERROR, text)));
        }
    }

    private void done() {
        SwingUtilities.invokeLater(() -> {
            busy = false;
            updateButtons();
        });
    }

    // ------------------------------------------------------------------ events (event thread)

    private void onEvents(List<ServerEvent> batch, long dropped) {
        List<Entry> lines = new ArrayList<>();
        List<Entry> blocksOut = new ArrayList<>();
        for (ServerEvent e : batch) {
            peers.apply(e);
            switch (e.level()) {
                case INFO, WARNING, ERROR -> lines.add(blocks.line(e.level(), e.message()));
                default -> { }
            }
            if (e instanceof ServerEvent.MessageReceived m) {
                blocksOut.add(blocks.serverMessage(Endpoints.peerInfo(m.peer()), m.datagram(), m.plaintext()));
            }
        }
        if (dropped > 0) {
            lines.add(blocks.line(EventLevel.WARNING, dropped + " events not shown: the window fell behind"));
        }
        info.append(lines);
        messages.append(blocksOut);
        updateButtons();
    }

    private void refreshPeers() {
        DtlsServer s = server;
        if (s != null) {
            peers.update(s.peers());
            peersPanel.showDrops(s.stats()); // datagrams dropped before any association saw them
        }
    }

    private void updateButtons() {
        DtlsServer s = server;
        listen.setText(s != null && s.isListening() ? "Stop listening" : "Start listening");
        listen.setEnabled(!busy);
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Qt's "Quit": closes the window, then (off the event thread) shuts the server down with
     * close_notify to every client. The future completes when the socket and threads are gone.
     */
    public CompletableFuture<Void> quit() {
        if (!isDisplayable()) {
            return closed;
        }
        refresh.stop();
        dispose();
        worker.execute(() -> {
            DtlsServer s = server;
            server = null;
            if (s != null) {
                s.close();
            }
            closed.complete(null);
        });
        worker.shutdown();
        return closed;
    }

    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** The bound address of the current server, or null. */
    InetSocketAddress serverAddress() {
        DtlsServer s = server;
        return s == null ? null : s.localAddress();
    }

    MessagePane infoPane() {
        return info;
    }

    MessagePane messagesPane() {
        return messages;
    }

    PeerTableModel peerTable() {
        return peers;
    }
}
