package io.dtlskit.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive policy of one client association: when the next ping is due, how many in a row went
 * unanswered, and the round trip of each answered one. Replies carry no ping number; the latest ping is
 * timed, which at ping intervals far above the round trip is the one answered. Association thread only,
 * except the counters read by {@code stats()}.
 */
final class KeepAlive {
    private final ClientOptions options;
    private final long intervalNanos;
    private final RoundTrips roundTrips = new RoundTrips(256);
    private volatile long sent;
    private long nextNanos;
    private long lastNanos;
    private boolean lastAnswered = true;
    private int unanswered;

    KeepAlive(ClientOptions options) {
        this.options = options;
        this.intervalNanos = Durations.saturatedNanos(options.pingInterval());
    }

    /** A new handshake completed: a clean slate, and the first ping goes out at once. */
    void restart() {
        nextNanos = System.nanoTime();
        lastAnswered = true;
        unanswered = 0;
    }

    boolean active() {
        return options.pinging() && (options.maxPings() == 0 || sent < options.maxPings());
    }

    boolean due(long now) {
        return active() && now - nextNanos >= 0;
    }

    /** Before a due ping: pings in a row unanswered so far, this one's predecessor included. */
    int unansweredBeforeNext() {
        if (!lastAnswered) {
            unanswered++;
        }
        return unanswered;
    }

    /** The payload of the next ping, timed from now. */
    byte[] next(String association) {
        lastNanos = System.nanoTime();
        lastAnswered = false;
        return options.pinger().ping(association, sent);
    }

    /** The ping from {@link #next} went out; returns its number. */
    long sent(long now) {
        nextNanos = Math.max(nextNanos + intervalNanos, now + intervalNanos / 2);
        return sent++;
    }

    /** Milliseconds until the next ping (at least 1), or 0 if none is coming (wait for data only). */
    int waitMillis() {
        if (!active()) {
            return 0;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(nextNanos - System.nanoTime()) + 1;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** Data arrived: the last ping counts as answered; its round trip, or null if none was pending. */
    Duration answered() {
        unanswered = 0;
        if (lastAnswered) {
            return null;
        }
        lastAnswered = true;
        Duration rtt = Duration.ofNanos(System.nanoTime() - lastNanos);
        roundTrips.add(rtt);
        return rtt;
    }

    long pingsSent() {
        return sent;
    }

    RoundTrips roundTrips() {
        return roundTrips;
    }
}
