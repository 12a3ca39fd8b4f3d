package io.dtlskit.app;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.Endpoints;
import io.dtlskit.EventLevel;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerListener;
import java.util.HexFormat;

/**
 * Human output, coloured like the Qt panes: errors red, warnings orange, info blue, datagrams magenta
 * with the hex dump and the plaintext (docs/qt-compatibility.md §3). Debug-level events only with --verbose.
 */
final class ConsolePrinter implements AssociationListener, ServerListener {
    static final String SEPARATOR = "---------------------------------------------------------";
    private static final String RESET = "\033[0m";

    private final Terminal terminal;
    private final boolean color;
    private final boolean verbose;
    private final String serverPrefix;
    /**
     * Cookie exchanges (RFC 6347 §4.2.1) are what a flood of ClientHellos produces: without -v only
     * the first few per report period are shown, the rest summarised by {@link #flushRepeats}.
     */
    static final int HELLO_VERIFY_SHOWN_PER_PERIOD = 5;
    private final java.util.concurrent.locks.ReentrantLock repeats = new java.util.concurrent.locks.ReentrantLock();
    private int helloVerifyShown;
    private long helloVerifySuppressed;

    ConsolePrinter(Terminal terminal, boolean color, boolean verbose, String serverPrefix) {
        this.terminal = terminal;
        this.color = color;
        this.verbose = verbose;
        this.serverPrefix = serverPrefix;
    }

    @Override
    public void onEvent(AssociationEvent event) {
        if (event instanceof AssociationEvent.ServerResponse r) {
            block(r.association() + " received a DTLS datagram:", null, r.datagram(), r.plaintextText());
        } else {
            line(event.level(), event.message());
        }
    }

    @Override
    public void onEvent(ServerEvent event) {
        if (event instanceof ServerEvent.MessageReceived m) {
            block(serverPrefix + "A message from " + Endpoints.peerInfo(m.peer()), "DTLS datagram:",
                    m.datagram(), m.plaintextText());
        } else if (!(event instanceof ServerEvent.HelloVerifySent) || verbose || countHelloVerify()) {
            line(event.level(), serverPrefix + event.message());
        }
    }

    /** True if this cookie exchange is still shown in the current period. */
    private boolean countHelloVerify() {
        repeats.lock();
        try {
            if (helloVerifyShown < HELLO_VERIFY_SHOWN_PER_PERIOD) {
                helloVerifyShown++;
                return true;
            }
            helloVerifySuppressed++;
            return false;
        } finally {
            repeats.unlock();
        }
    }

    /** Ends a report period: one line for the cookie exchanges not shown in it. */
    void flushRepeats(java.time.Duration period) {
        long n;
        repeats.lock();
        try {
            n = helloVerifySuppressed;
            helloVerifySuppressed = 0;
            helloVerifyShown = 0;
        } finally {
            repeats.unlock();
        }
        if (n > 0) {
            line(EventLevel.INFO, serverPrefix + Drops.count(n) + " more 'not verified yet' (cookie exchanges) in the"
                    + " last " + Options.human(period) + " not shown; -v shows each");
        }
    }

    /** A warning of dtlskit's own (drop summaries). */
    void warning(String text) {
        line(EventLevel.WARNING, serverPrefix + text);
    }

    private void line(EventLevel level, String message) {
        if (level == EventLevel.DEBUG && !verbose) {
            return;
        }
        terminal.println(paint(level, InertText.escape(message)));
    }

    private void block(String title, String subtitle, byte[] datagram, String plaintext) {
        // Peer-chosen text (the plaintext, names inside the title) is escaped: it must not be able to
        // move the cursor or forge lines (InertText). The line breaks here are dtlskit's own.
        String text = SEPARATOR + "\n" + InertText.escape(title) + "\n"
                + (subtitle == null ? "" : subtitle + "\n") + HexFormat.ofDelimiter(" ").formatHex(datagram)
                + "\nAs plain text:\n" + InertText.escape(plaintext);
        terminal.println(paint(EventLevel.DATA, text));
    }

    private String paint(EventLevel level, String text) {
        if (!color) {
            return text;
        }
        String code = switch (level) {
            case ERROR -> "\033[38;5;161m";   // Crimson
            case WARNING -> "\033[38;5;208m"; // DarkOrange
            case INFO -> "\033[38;5;25m";     // DarkBlue, readable on dark terminals too
            case DATA -> "\033[38;5;90m";     // DarkMagenta
            case DEBUG -> "\033[2m";
        };
        return code + text + RESET;
    }
}
