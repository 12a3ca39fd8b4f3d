package io.dtlskit.app.gui;

import io.dtlskit.testing.ResourceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.awt.Window;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dtlskit gui} and {@code dtlskit gui server} open their window and return 0 once it is closed. */
@Tag("gui")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GuiCommandGuiTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void clientWindowWithItsLocalServer() throws Exception {
        Gui.assumeDisplay();
        ResourceCheck resources = Gui.baselineAfterToolkit();
        try (Gui.Windows windows = new Gui.Windows()) {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> new CommandLine(new GuiCommand()).execute("--local-server", "--theme", "light"));
            ClientWindow w = (ClientWindow) windows.await(x -> x instanceof ClientWindow, WAIT, "the client window");
            assertThat(Gui.onEdt(w::getTitle)).isEqualTo("DTLS client");
            Gui.PaneText info = Gui.onEdt(() -> new Gui.PaneText(w.infoPane().editor()));
            info.await(t -> t.contains("Local server: Server is listening on address 127.0.0.1"), WAIT, "local server");
            assertThat(exit).isNotDone();
            close(w);
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
        resources.assertNoLeaks(Duration.ofSeconds(15));
    }

    @Test
    void serverWindow() throws Exception {
        Gui.assumeDisplay();
        try (Gui.Windows windows = new Gui.Windows()) {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> new CommandLine(new GuiCommand()).execute("server"));
            ServerWindow w = (ServerWindow) windows.await(x -> x instanceof ServerWindow, WAIT, "the server window");
            assertThat(Gui.onEdt(w::getTitle)).isEqualTo("DTLS server");
            assertThat(Gui.onEdt(() -> w.getSize()).width).isEqualTo(1090);
            close(w);
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    /** The window's close box, as a user would: the window decides what closing means (Qt's Quit). */
    private static void close(Window w) throws Exception {
        Runnable closeBox = () -> w.dispatchEvent(new java.awt.event.WindowEvent(w, java.awt.event.WindowEvent.WINDOW_CLOSING));
        Gui.onEdt(closeBox);
    }
}
