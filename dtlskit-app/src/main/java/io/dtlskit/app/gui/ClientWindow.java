package io.dtlskit.app.gui;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.EventLevel;
import io.dtlskit.PskKey;
import io.dtlskit.SendResult;
import io.dtlskit.ServerEvent;
import io.dtlskit.Endpoints;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Qt's "DTLS client" window (docs/qt-compatibility.md §3) and more: the info and datagram panes, "Connect ..."
 * with the "Host info" dialog and an asynchronous host lookup, "Shutdown connections", a live table
 * of associations, "Save log…" and an embedded local server.
 *
 * <p>The window is just another listener of the library: association events go through an
 * {@link EventPump} to the event thread. Everything that may block (close_notify, closing clients
 * and the local server, DNS) runs on a worker thread, never on the event thread.
 */
public final class ClientWindow extends JFrame {
    /** How the window starts. {@code defaultKey} null means Qt's example key. */
    public record Options(PskKey defaultKey, int defaultPort, ClientPreferences preferences, Palette palette,
                          Duration handshakeTimeout) {
    }

    static final int MAX_PANE_ENTRIES = 5_000;

    private final Options options;
    private final Blocks blocks;
    private final MessagePane info = new MessagePane("DTLS info messages:", "infoPane", MAX_PANE_ENTRIES);
    private final MessagePane received = new MessagePane("Received datagrams:", "receivedPane", MAX_PANE_ENTRIES);
    private final AssociationTableModel associations = new AssociationTableModel();
    private final JButton connect = new JButton("Connect ...");
    private final JButton shutdown = new JButton("Shutdown connections");
    private final JButton localServerButton = new JButton("Start local server");
    private final JButton saveLog = new JButton("Save log…");
    private final JButton probe = new JButton("Probe…");
    private final EventPump<AssociationEvent> events;
    private final EventPump<ServerEvent> serverEvents;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("dtlskit-gui-client-worker").factory());
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final HostLookup lookup = new HostLookup(lookups);
    private final ClientConnections connections;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Timer refresh;
    private final CompletableFuture<List<String>> hostCandidates;
    private final LocalServer localServer;

    public ClientWindow(Options options) {
        super("DTLS client");
        this.options = options;
        this.blocks = new Blocks(options.palette());
        this.events = new EventPump<>(100_000, this::onEvents);
        this.serverEvents = new EventPump<>(10_000, this::onLocalServerEvents);
        this.connections = new ClientConnections(options.defaultKey(), options.handshakeTimeout(), this::addInfo);
        this.localServer = new LocalServer(worker, options.defaultPort(), options.defaultKey(), serverEvents::offer,
                why -> addInfo(EventLevel.ERROR, "Local server: cannot start - " + why), this::updateButtons,
                this::isDisplayable);
        this.hostCandidates = CompletableFuture.supplyAsync(HostCandidates::forClient, lookups);
        setName("clientWindow");
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                quit();
            }
        });

        connect.setName("connectButton");
        connect.addActionListener(e -> onConnect());
        shutdown.setName("shutdownButton");
        shutdown.setEnabled(false);
        shutdown.addActionListener(e -> onShutdown());
        localServerButton.setName("localServerButton");
        localServerButton.addActionListener(e -> {
            localServerButton.setEnabled(false);
            localServer.toggle();
        });
        saveLog.setName("saveLogButton");
        saveLog.addActionListener(e -> onSaveLog());
        probe.setName("probeButton");
        probe.addActionListener(e -> onProbe());

        JPanel buttons = new JPanel(new GridLayout(2, 3, 8, 6));
        buttons.add(connect);
        buttons.add(localServerButton);
        buttons.add(shutdown);
        buttons.add(saveLog);
        buttons.add(probe);
        JPanel buttonRow = new JPanel(new BorderLayout());
        buttonRow.add(buttons, BorderLayout.WEST);
        JPanel left = new JPanel(new BorderLayout(0, 8));
        left.add(info, BorderLayout.CENTER);
        left.add(buttonRow, BorderLayout.SOUTH);

        JSplitPane panes = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, left, received);
        panes.setResizeWeight(0.5);
        panes.setBorder(null);
        JSplitPane all = new JSplitPane(JSplitPane.VERTICAL_SPLIT, panes,
                new AssociationsPanel(associations, this::onCloseOne, this::onSendOne));
        all.setResizeWeight(0.6);
        all.setBorder(null);
        JPanel content = new JPanel(new BorderLayout());
        content.setBorder(BorderFactory.createEmptyBorder(8, 10, 10, 10));
        content.add(all, BorderLayout.CENTER);
        setContentPane(content);
        setMinimumSize(new Dimension(640, 360));
        setSize(1200, 640);
        setLocationByPlatform(true);

        // Counters such as RTT change between events a user cares about; a snapshot a second keeps
        // the table true even if the pump had to drop events.
        refresh = new Timer(1000, e -> refreshStats());
        refresh.start();
    }

    // ------------------------------------------------------------------ handlers (event thread)

    private void onConnect() {
        if (lookup.running()) {
            // Qt's button reads "Cancel lookup" while a lookup runs.
            lookup.cancel();
            connect.setText("Connect ...");
            addInfo(EventLevel.INFO, "Host lookup cancelled");
            return;
        }
        HostInfoDialog dialog = new HostInfoDialog(this, hostCandidates.getNow(HostCandidates.assemble(
                new ArrayList<>(List.of("localhost")))), HostInfoDialog.Defaults.of(options.preferences(),
                localServerAddress(), options.defaultPort()), options.defaultKey() != null,
                warning -> addInfo(EventLevel.WARNING, warning));
        dialog.setVisible(true);
        ConnectSettings s = dialog.result();
        if (s == null) {
            return;
        }
        options.preferences().remember(s);
        if (ConnectForm.isAddressLiteral(s.host())) {
            InetAddress address;
            try {
                address = InetAddress.getByName(s.host().replace("[", "").replace("]", ""));
            } catch (UnknownHostException e) {
                addInfo(EventLevel.ERROR, "Invalid address " + s.host());
                return;
            }
            startNewConnection(address, s);
            return;
        }
        addInfo(EventLevel.INFO, "Looking up the host ...");
        connect.setText("Cancel lookup");
        lookup.start(s, this::lookupFinished);
    }

    private void lookupFinished(ConnectSettings s, InetAddress[] addresses, Throwable error) {
        connect.setText("Connect ...");
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            addInfo(EventLevel.ERROR, String.valueOf(cause.getMessage()));
        } else if (addresses.length == 0) {
            addInfo(EventLevel.WARNING, "Host not found: " + s.host()); // Qt says only "Host not found"
        } else {
            addInfo(EventLevel.INFO, "Connecting to: " + Endpoints.host(addresses[0]));
            startNewConnection(addresses[0], s);
        }
    }

    private void startNewConnection(InetAddress address, ConnectSettings s) {
        InetSocketAddress server = new InetSocketAddress(address, s.port());
        try {
            DtlsAssociation a = connections.connect(server, s, events::offer);
            associations.add(a.name(), server);
        } catch (RuntimeException e) {
            addInfo(EventLevel.ERROR, "Cannot connect to " + Endpoints.hostPort(server) + " - " + e.getMessage());
        }
        updateButtons();
    }

    private void onShutdown() {
        List<DtlsAssociation> all = connections.removeAll(); // the table keeps the rows with their final state
        addInfo(EventLevel.INFO, "Shutting down " + all.size() + " association(s): close_notify to each encrypted one");
        worker.execute(() -> all.forEach(DtlsAssociation::close));
        updateButtons();
    }

    private void onCloseOne(String name) {
        DtlsAssociation a = connections.remove(name);
        if (a != null) {
            addInfo(EventLevel.INFO, name + ": closing (close_notify if encrypted)");
            worker.execute(a::close);
        }
        updateButtons();
    }

    /** "Send": the typed text as one record (UTF-8) on the selected association; the outcome in the info pane. */
    private void onSendOne(String name, String text) {
        DtlsAssociation a = connections.get(name);
        if (a == null) {
            return;
        }
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        worker.execute(() -> {
            SendResult r = a.send(data);
            String line = r.isAccepted() ? name + ": sent " + data.length + " bytes: " + text : r.reason();
            SwingUtilities.invokeLater(() -> addInfo(r.isAccepted() ? EventLevel.INFO : EventLevel.WARNING, line));
        });
    }

    /** "Start local server", also used by {@code dtlskit gui --local-server}. */
    void startLocalServer() {
        if (localServer.running() == null && !localServer.starting()) {
            localServerButton.setEnabled(false);
            localServer.start();
        }
    }

    private void onSaveLog() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Save log");
        chooser.setSelectedFile(new File("dtlskit-client.log"));
        if (chooser.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path file = chooser.getSelectedFile().toPath();
        try {
            saveLog(file);
            addInfo(EventLevel.INFO, "Log saved to " + file);
        } catch (IOException e) {
            addInfo(EventLevel.ERROR, "Cannot save the log to " + file + " - " + e.getMessage());
        }
    }

    /** "Probe…": the scanner's report for a server, the local one if it runs (issue 15). */
    ProbeDialog onProbe() {
        DtlsServer local = localServer.running();
        ProbeDialog dialog = new ProbeDialog(this, local != null
                ? local.localAddress().getHostString() + ":" + local.localAddress().getPort() : "127.0.0.1:22334");
        dialog.setVisible(true);
        return dialog;
    }

    /** Writes both panes as plain text. Nothing secret is in them: events never carry the key. */
    void saveLog(Path file) throws IOException {
        String text = "DTLS info messages:\n" + info.timestampedText() + "\nReceived datagrams:\n"
                + received.timestampedText();
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ events (event thread)

    private void onEvents(List<AssociationEvent> batch, long dropped) {
        List<Entry> infoEntries = new ArrayList<>();
        List<Entry> datagrams = new ArrayList<>();
        for (AssociationEvent e : batch) {
            associations.apply(e);
            switch (e.level()) {
                case INFO, WARNING, ERROR -> infoEntries.add(blocks.line(e.level(), e.message()));
                default -> { }
            }
            if (e instanceof AssociationEvent.ServerResponse r) {
                datagrams.add(blocks.clientDatagram(r.association(), r.datagram(), r.plaintext()));
            }
            if (e instanceof AssociationEvent.Closed c) {
                connections.remove(c.association());
            }
        }
        if (dropped > 0) {
            infoEntries.add(blocks.line(EventLevel.WARNING, dropped + " events not shown: the window fell behind"));
        }
        info.append(infoEntries);
        received.append(datagrams);
        updateButtons();
    }

    private void onLocalServerEvents(List<ServerEvent> batch, long dropped) {
        List<Entry> lines = new ArrayList<>();
        for (ServerEvent e : batch) {
            // Only what says whether the local server works; its per-peer chatter belongs to the server window.
            if (e instanceof ServerEvent.Listening || e instanceof ServerEvent.ShutDown
                    || e.level() == EventLevel.WARNING || e.level() == EventLevel.ERROR) {
                lines.add(blocks.line(e.level(), "Local server: " + e.message()));
            }
        }
        info.append(lines);
    }

    private void addInfo(EventLevel level, String message) {
        info.append(blocks.line(level, message));
    }

    private void refreshStats() {
        connections.forEachLive(a -> associations.update(a.stats()));
    }

    private void updateButtons() {
        shutdown.setEnabled(!connections.isEmpty());
        localServerButton.setEnabled(!localServer.starting());
        localServerButton.setText(localServer.running() != null ? "Stop local server" : "Start local server");
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Closes the window and, off the event thread, every association (close_notify), client and the
     * local server. The returned future completes when nothing of the window is running any more.
     */
    public CompletableFuture<Void> quit() {
        if (!isDisplayable()) {
            return closed;
        }
        refresh.stop();
        lookup.cancel();
        List<DtlsClient> all = connections.detach();
        DtlsServer local = localServer.detach();
        dispose();
        worker.execute(() -> {
            all.forEach(DtlsClient::close);
            if (local != null) {
                local.close();
            }
            lookups.shutdownNow();
            closed.complete(null);
        });
        worker.shutdown();
        return closed;
    }

    /** Completes once the window was closed and everything it started has stopped. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Completes with the local server's address once a start has finished (for tests). */
    CompletableFuture<InetSocketAddress> localServerStarted() {
        return localServer.started();
    }

    /** The local server's address, or null if it is not running (for tests and the docs). */
    InetSocketAddress localServerAddress() {
        DtlsServer s = localServer.running();
        return s == null ? null : s.localAddress();
    }

    MessagePane infoPane() {
        return info;
    }

    MessagePane receivedPane() {
        return received;
    }

    AssociationTableModel associationTable() {
        return associations;
    }
}
