package io.dtlskit.app.gui;

import io.dtlskit.PskKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code dtlskit gui}: opens Qt's "DTLS client" window, or with {@code server} the "DTLS server"
 * window, and returns when the window is closed. Exit codes: 0 closed normally, 2 no display or a
 * bad option.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Opens the desktop window: the DTLS client (default) or, with 'server', the DTLS server.",
                "Needs a display; under CI run it with xvfb-run."})
public final class GuiCommand implements java.util.concurrent.Callable<Integer> {
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "server",
            description = "'server' opens the server window instead of the client window.")
    String window;

    @Option(names = {"-p", "--port"}, defaultValue = "22334",
            description = "Default server port in the dialogs (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--psk-key-file", paramLabel = "FILE",
            description = "File with the PSK key in hex (default: Qt's example key). The key is never shown or stored.")
    Path pskKeyFile;

    @Option(names = "--handshake-timeout", paramLabel = "DUR", defaultValue = "60s",
            converter = io.dtlskit.app.Options.DurationConverter.class,
            description = "Client: give up a handshake after this long, e.g. 30s (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--theme", defaultValue = "auto", paramLabel = "auto|light|dark",
            description = "Look: auto follows GTK_THEME's dark preference, else light (default: ${DEFAULT-VALUE}).")
    String theme;

    @Option(names = "--local-server",
            description = "Client window: start the embedded local server at once.")
    boolean localServer;

    @Override
    public Integer call() {
        boolean serverWindow;
        if (window == null) {
            serverWindow = false;
        } else if (window.equals("server")) {
            serverWindow = true;
        } else {
            return usage("unknown window '" + window + "': use 'dtlskit gui' or 'dtlskit gui server'");
        }
        if (port < 0 || port > 65535) {
            return usage("port must be 0 to 65535, was " + port);
        }
        if (handshakeTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            return usage("--handshake-timeout must be at least 1s, was " + io.dtlskit.app.Options.human(handshakeTimeout));
        }
        Theme.Mode mode;
        try {
            mode = Theme.parse(theme);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        PskKey key = null;
        if (pskKeyFile != null) {
            try {
                key = PskKey.fromFile(pskKeyFile);
            } catch (IOException e) {
                return usage("cannot read PSK key file " + pskKeyFile + ": " + io.dtlskit.app.Options.fileProblem(e));
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        if (GraphicsEnvironment.isHeadless()) {
            return noDisplay();
        }
        PskKey k = key;
        AtomicReference<CompletableFuture<Void>> closed = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                Palette palette = Theme.install(mode);
                JFrame frame;
                if (serverWindow) {
                    ServerWindow w = new ServerWindow(new ServerWindow.Options(k, port, palette));
                    closed.set(w.closed());
                    frame = w;
                } else {
                    ClientWindow w = new ClientWindow(new ClientWindow.Options(k, port, ClientPreferences.user(),
                            palette, handshakeTimeout));
                    closed.set(w.closed());
                    if (localServer) {
                        w.startLocalServer();
                    }
                    frame = w;
                }
                frame.setVisible(true);
            });
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof AWTError || e.getCause() instanceof HeadlessException) {
                return noDisplay();
            }
            throw new IllegalStateException("cannot open the window: " + e.getCause(), e.getCause());
        } catch (AWTError | HeadlessException e) {
            return noDisplay();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        closed.get().join();
        return 0;
    }

    private int noDisplay() {
        err("dtlskit gui: no display available (is DISPLAY set?); run it on a desktop, or under xvfb-run for tests");
        return EXIT_USAGE;
    }

    private int usage(String message) {
        err("dtlskit gui: " + message);
        return EXIT_USAGE;
    }

    private void err(String line) {
        if (spec != null) {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        } else {
            System.err.println(line);
        }
    }
}
