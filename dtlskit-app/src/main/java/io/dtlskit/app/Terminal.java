package io.dtlskit.app;

import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises output lines from many threads and keeps a live status line at the bottom when the
 * output is an interactive terminal: each line clears the status, prints, and redraws it. A
 * {@link ReentrantLock}, not a monitor: association threads (virtual) print here, and writing may park,
 * which on Java 21 would pin their carrier inside a monitor.
 */
final class Terminal implements AutoCloseable {
    private final PrintWriter out;
    private final boolean interactive;
    private volatile Supplier<String> status;
    private Thread ticker;
    private String shown = "";
    private final ReentrantLock lock = new ReentrantLock();

    Terminal(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    void println(String line) {
        lock.lock();
        try {
            clearStatus();
            out.println(line);
            drawStatus();
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** Shows {@code status} as a live line, refreshed twice a second (interactive terminals only). */
    void startStatus(Supplier<String> status) {
        this.status = status;
        if (!interactive) {
            return;
        }
        ticker = Thread.ofPlatform().daemon(true).name("dtlskit-status").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    lock.lock();
                    try {
                        clearStatus();
                        drawStatus();
                        out.flush();
                    } finally {
                        lock.unlock();
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException ignored) {
                // stopping
            }
        });
    }

    /**
     * Ends the live status line where it stands, with a line end: after Ctrl-C the terminal has
     * echoed {@code ^C} onto it, and the summary must start on a line of its own.
     */
    void finishStatus() {
        stopTicker();
        lock.lock();
        try {
            status = null;
            if (interactive && !shown.isEmpty()) {
                out.print(System.lineSeparator());
                shown = "";
            }
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the status ticker, waiting briefly so that it draws nothing after we return. */
    private void stopTicker() {
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void clearStatus() {
        if (interactive && !shown.isEmpty()) {
            out.print("\r\033[2K");
            shown = "";
        }
    }

    private void drawStatus() {
        Supplier<String> s = status;
        if (interactive && s != null) {
            shown = s.get();
            out.print(shown);
        }
    }

    @Override
    public void close() {
        stopTicker();
        lock.lock();
        try {
            clearStatus();
            status = null;
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
