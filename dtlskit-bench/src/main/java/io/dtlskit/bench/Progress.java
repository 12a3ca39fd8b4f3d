package io.dtlskit.bench;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A live status line on stderr while a benchmark runs: rewritten in place with a carriage return on
 * a terminal, a plain line every few seconds otherwise (CI logs). Runs on a virtual thread so it
 * adds no platform thread to the figures it reports.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final boolean tty;
    private final boolean quiet;
    private volatile Supplier<String> status = () -> "";
    private volatile String phase = "";
    private final Thread thread;
    private volatile boolean running = true;
    private int lastWidth;

    public Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
        this.tty = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
        this.thread = Thread.ofVirtual().name("bench-progress").start(this::loop);
    }

    /** Shows {@code phase: <status>} until the next phase. */
    public void phase(String phase, Supplier<String> status) {
        this.phase = phase;
        this.status = status;
        if (!tty && !quiet) {
            synchronized (this) {
                err.println("[bench] " + phase);
            }
        }
    }

    private void loop() {
        long every = tty ? 200 : 5_000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (running && !quiet) {
                print();
            }
        }
    }

    private synchronized void print() {
        String line = "[bench] " + phase + ": " + status.get();
        if (tty) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        synchronized (this) {
            if (tty && lastWidth > 0 && !quiet) {
                err.print("\r" + " ".repeat(lastWidth) + "\r");
                err.flush();
            }
        }
    }
}
