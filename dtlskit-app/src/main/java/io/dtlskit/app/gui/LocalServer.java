package io.dtlskit.app.gui;

import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.app.QtDefaults;

import javax.swing.SwingUtilities;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The client window's own server ("Start local server", {@code dtlskit gui --local-server}): Qt's
 * server on 127.0.0.1, on Qt's port when it is free, else on any free port, so the window works beside
 * a running server. Its state is read and changed on the event thread; starting and closing the server
 * run on the window's worker, never on the event thread.
 */
final class LocalServer {
    private final ExecutorService worker;
    private final int preferredPort;
    private final PskKey key; // null: Qt's key
    private final Consumer<ServerEvent> events;
    private final Consumer<String> failed;
    private final Runnable changed;
    private final BooleanSupplier windowOpen;
    private volatile DtlsServer server;
    private boolean starting;
    /** Completed with the server's address once a start has finished and the window holds it. */
    private volatile java.util.concurrent.CompletableFuture<InetSocketAddress> started =
            new java.util.concurrent.CompletableFuture<>();

    /**
     * @param failed     told, on the event thread, why the server could not start
     * @param changed    told, on the event thread, when running or starting changed
     * @param windowOpen whether the window still wants a server once one has started
     */
    LocalServer(ExecutorService worker, int preferredPort, PskKey key, Consumer<ServerEvent> events,
                Consumer<String> failed, Runnable changed, BooleanSupplier windowOpen) {
        this.worker = worker;
        this.preferredPort = preferredPort;
        this.key = key;
        this.events = events;
        this.failed = failed;
        this.changed = changed;
        this.windowOpen = windowOpen;
    }

    /** The running server, or null. */
    DtlsServer running() {
        return server;
    }

    /**
     * The address of the server the current (or next) start brings up, once the window holds it: its
     * "listening" line can reach the pane before that, so callers that need the address wait here.
     */
    java.util.concurrent.CompletableFuture<InetSocketAddress> started() {
        return started;
    }

    boolean starting() {
        return starting;
    }

    /** Starts the server unless it runs or is starting. */
    void start() {
        if (server == null && !starting) {
            toggle();
        }
    }

    /** The button: stops a running server, else starts one. */
    void toggle() {
        DtlsServer running = server;
        if (running != null) {
            server = null;
            worker.execute(() -> {
                running.close();
                SwingUtilities.invokeLater(changed);
            });
            return;
        }
        starting = true;
        if (started.isDone()) {
            started = new java.util.concurrent.CompletableFuture<>();
        }
        worker.execute(() -> {
            DtlsServer s = null;
            String failure = null;
            for (int port : new int[] {preferredPort, 0}) {
                try {
                    DtlsServer.Builder b = QtDefaults.server(QtDefaults.key())
                            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                            .listener(events::accept);
                    if (key != null) {
                        b.pskKey(key);
                    }
                    s = b.start();
                    break;
                } catch (IOException e) {
                    failure = e.getMessage();
                }
            }
            DtlsServer started = s;
            String why = failure;
            SwingUtilities.invokeLater(() -> {
                starting = false;
                if (started == null) {
                    failed.accept(why);
                } else if (!windowOpen.getAsBoolean()) {
                    Thread.ofVirtual().start(started::close); // the window was closed meanwhile
                } else {
                    server = started;
                    this.started.complete(started.localAddress());
                }
                changed.run();
            });
        });
    }

    /** Forgets the server and returns it for the caller to close (on quit), or null. */
    DtlsServer detach() {
        DtlsServer s = server;
        server = null;
        return s;
    }
}
