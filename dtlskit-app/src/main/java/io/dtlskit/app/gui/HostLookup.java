package io.dtlskit.app.gui;

import javax.swing.SwingUtilities;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The "Connect ..." host lookup: one at a time, off the event thread (DNS may take seconds), and
 * cancellable, as Qt's button reads "Cancel lookup" while one runs. Used on the event thread only.
 */
final class HostLookup {
    /** A finished lookup, on the event thread: the addresses (none: host not found) or the failure. */
    interface Done {
        void finished(ConnectSettings s, InetAddress[] addresses, Throwable error);
    }

    private final Executor lookups;
    private CompletableFuture<InetAddress[]> pending;

    HostLookup(Executor lookups) {
        this.lookups = lookups;
    }

    boolean running() {
        return pending != null;
    }

    /** Resolves {@code s.host()}; {@code done} hears of it unless it is cancelled first. */
    void start(ConnectSettings s, Done done) {
        CompletableFuture<InetAddress[]> f = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(s.host());
            } catch (UnknownHostException e) {
                return new InetAddress[0]; // Qt: no addresses means "Host not found"
            }
        }, lookups);
        pending = f;
        f.whenComplete((addresses, error) -> SwingUtilities.invokeLater(() -> {
            if (f != pending) {
                return; // cancelled, or superseded
            }
            pending = null;
            done.finished(s, addresses, error);
        }));
    }

    /** Stops the running lookup, if any; its result is dropped. */
    void cancel() {
        if (pending != null) {
            pending.cancel(true);
            pending = null;
        }
    }
}
