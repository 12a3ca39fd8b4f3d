package io.dtlskit.probe;

import io.dtlskit.PskKey;
import io.dtlskit.probe.internal.Context;
import io.dtlskit.probe.internal.Scanner;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A DTLS server scanner: what versions, suites, authentication, cookies, extensions and timers a
 * server has, found by sending it ClientHellos (built with Bouncy Castle's message classes) and
 * reading its answers. Immutable; build one with {@link #builder()} and call {@link #run()}.
 *
 * <pre>{@code
 * ProbeReport r = Probe.builder().target(new InetSocketAddress("127.0.0.1", 22334)).build().run();
 * }</pre>
 */
public final class Probe {
    private final InetSocketAddress target;
    private final String targetText;
    private final Duration reply;
    private final Duration retransmissionBound;
    private final String pskIdentity;
    private final PskKey pskKey;
    private final Consumer<String> progress;

    private Probe(Builder b) {
        this.target = b.target;
        this.targetText = b.targetText != null ? b.targetText : b.target.getHostString() + ":" + b.target.getPort();
        this.reply = b.reply;
        this.retransmissionBound = b.retransmissionBound;
        this.pskIdentity = b.pskIdentity;
        this.pskKey = b.pskKey;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every section; blocks until done (about 10–20 s against a loopback server, dominated by
     * the retransmission timer it waits for). Never throws for what the server does: an unreachable
     * or non-DTLS server gives a report with {@link ProbeReport#reachable()} false.
     */
    public ProbeReport run() {
        Context ctx = Context.of(target, Math.min(reply.toMillis(), 1000), reply.toMillis(), progress, pskIdentity,
                pskKey, retransmissionBound.toMillis());
        return Scanner.run(ctx, targetText);
    }

    @Override
    public String toString() {
        return "Probe[" + targetText + (pskIdentity != null ? ", identity given" : "") + "]";
    }

    public static final class Builder {
        private InetSocketAddress target;
        private String targetText;
        private Duration reply = Duration.ofMillis(1000);
        private Duration retransmissionBound = Duration.ofMillis(7500);
        private String pskIdentity;
        private PskKey pskKey;
        private Consumer<String> progress = step -> { };

        private Builder() {
        }

        /** The server to probe (required). */
        public Builder target(InetSocketAddress address) {
            Objects.requireNonNull(address, "target");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("cannot resolve host '" + address.getHostString() + "'");
            }
            this.target = address;
            return this;
        }

        /** How the target is named in the report. If unset: host:port. */
        public Builder targetName(String name) {
            this.targetText = name;
            return this;
        }

        /** How long to wait for each answer. If unset: 1 s (loopback and LAN); raise it for far servers. */
        public Builder replyTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 60) {
                throw new IllegalArgumentException("reply timeout must be between 1 ms and 60 s, was " + timeout);
            }
            this.reply = timeout;
            return this;
        }

        /** How long to watch the server retransmit its flight. If unset: 7.5 s (1 s, 2 s, 4 s timers fit). */
        public Builder retransmissionBound(Duration bound) {
            if (bound == null || bound.isNegative() || bound.toSeconds() > 60) {
                throw new IllegalArgumentException("retransmission bound must be 0 to 60 s, was " + bound);
            }
            this.retransmissionBound = bound;
            return this;
        }

        /** PSK credentials for the full handshake and the unknown-identity test. If unset: those are skipped. */
        public Builder psk(String identity, PskKey key) {
            if ((identity == null) != (key == null)) {
                throw new IllegalArgumentException("give both a PSK identity and a key, or neither");
            }
            this.pskIdentity = identity;
            this.pskKey = key;
            return this;
        }

        /** Called with a short text as each step starts (on the probing thread). If unset: nothing. */
        public Builder progress(Consumer<String> listener) {
            this.progress = Objects.requireNonNull(listener, "progress");
            return this;
        }

        public Probe build() {
            if (target == null) {
                throw new IllegalArgumentException("a target address is required");
            }
            return new Probe(this);
        }
    }
}
