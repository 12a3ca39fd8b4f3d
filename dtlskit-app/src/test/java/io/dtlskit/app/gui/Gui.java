package io.dtlskit.app.gui;

import io.dtlskit.testing.EventLog;
import org.junit.jupiter.api.Assumptions;

import javax.swing.JEditorPane;
import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.TableModel;
import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.Container;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.AWTEventListener;
import java.awt.event.WindowEvent;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Test helpers for real windows: everything on the event thread, waits on events, never sleeps. */
final class Gui {
    private Gui() {
    }

    /** Skips (never passes) where no display can be had; CI runs the tests under xvfb-run. */
    static void assumeDisplay() {
        Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(),
                "no display (DISPLAY unset or headless JVM): GUI test skipped; run under xvfb-run -a");
    }

    /**
     * The leak baseline, taken once the toolkit holds its display connection and the look and feel is
     * loaded: those stay open for the JVM's life and are not the window's to close.
     */
    static io.dtlskit.testing.ResourceCheck baselineAfterToolkit() throws Exception {
        onEdt(() -> {
            Theme.install(Theme.Mode.LIGHT);
            Toolkit.getDefaultToolkit().sync();
        });
        return io.dtlskit.testing.ResourceCheck.baseline();
    }

    static <T> T onEdt(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    static void onEdt(Runnable task) throws Exception {
        SwingUtilities.invokeAndWait(task);
    }

    /** The component with this name inside {@code root}; fails if absent. Event thread. */
    static <T extends Component> T find(Container root, String name, Class<T> type) {
        T found = search(root, name, type);
        if (found == null) {
            throw new AssertionError("no " + type.getSimpleName() + " named '" + name + "' in " + root.getName());
        }
        return found;
    }

    private static <T extends Component> T search(Container root, String name, Class<T> type) {
        if (name.equals(root.getName()) && type.isInstance(root)) {
            return type.cast(root);
        }
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName()) && type.isInstance(c)) {
                return type.cast(c);
            }
            if (c instanceof Container sub) {
                T t = search(sub, name, type);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * Clicks a button that opens a modal dialog and returns the dialog once it is open. The click is
     * posted, not awaited: a modal dialog holds the click's event-thread call until it closes.
     */
    static javax.swing.JDialog openDialog(Windows windows, Container root, String button, String dialogName)
            throws Exception {
        int before = windows.snapshot().size();
        SwingUtilities.invokeLater(() -> find(root, button, javax.swing.JButton.class).doClick());
        return (javax.swing.JDialog) windows.awaitCount(w -> true, before + 1, java.time.Duration.ofSeconds(30),
                        "a window to open").stream()
                .skip(before).filter(w -> dialogName.equals(w.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("dialog " + dialogName + " did not open"));
    }

    /** Records every window that opens, so a test can wait for a dialog. Close it to stop listening. */
    static final class Windows extends EventLog<Window> implements AutoCloseable {
        private final AWTEventListener listener = e -> {
            if (e.getID() == WindowEvent.WINDOW_OPENED) {
                add(((WindowEvent) e).getWindow());
            }
        };

        Windows() {
            Toolkit.getDefaultToolkit().addAWTEventListener(listener, AWTEvent.WINDOW_EVENT_MASK);
        }

        @Override
        public void close() {
            Toolkit.getDefaultToolkit().removeAWTEventListener(listener);
        }
    }

    /** Records a pane's rendered text after every change; install on the event thread. */
    static final class PaneText extends EventLog<String> {
        PaneText(JEditorPane pane) {
            pane.getDocument().addDocumentListener(new DocumentListener() {
                @Override
                public void insertUpdate(DocumentEvent e) {
                    changed(pane);
                }

                @Override
                public void removeUpdate(DocumentEvent e) {
                    changed(pane);
                }

                @Override
                public void changedUpdate(DocumentEvent e) {
                }
            });
            changed(pane);
        }

        private void changed(JEditorPane pane) {
            try {
                add(pane.getDocument().getText(0, pane.getDocument().getLength()));
            } catch (javax.swing.text.BadLocationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected String describe(String text) {
            return text.length() > 400 ? "..." + text.substring(text.length() - 400) : text;
        }
    }

    /** Records a table's cell values after every change, as one text per change. */
    static final class TableText extends EventLog<String> {
        TableText(TableModel model) {
            model.addTableModelListener(e -> add(render(model)));
            add(render(model));
        }

        static String render(TableModel model) {
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < model.getRowCount(); r++) {
                for (int c = 0; c < model.getColumnCount(); c++) {
                    sb.append(model.getValueAt(r, c)).append(c + 1 < model.getColumnCount() ? " | " : "\n");
                }
            }
            return sb.toString();
        }
    }
}
