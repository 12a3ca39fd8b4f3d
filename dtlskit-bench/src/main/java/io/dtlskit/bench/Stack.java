package io.dtlskit.bench;

import java.util.Locale;

/** What runs on both ends of a benchmark: dtlskit itself, or one of the baselines it is compared with. */
public enum Stack {
    /** dtlskit's client and server (Bouncy Castle DTLS, one reactor, virtual threads). */
    DTLSKIT("dtlskit"),
    /** The same connected sockets, reactor and pacing with no DTLS: the floor for every figure. */
    PLAIN_UDP("plain-udp"),
    /** Eclipse Californium Scandium 3.14 client connectors and server connector. */
    CALIFORNIUM("californium");

    private final String label;

    Stack(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses {@code plain-udp}, {@code californium} or {@code dtlskit}, for picocli and the child process. */
    public static Stack parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (Stack s : values()) {
            if (s.label.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stack '" + text + "' (known: dtlskit, plain-udp, californium)");
    }

    @Override
    public String toString() {
        return label;
    }
}
