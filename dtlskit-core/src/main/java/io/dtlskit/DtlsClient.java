package io.dtlskit;

import io.dtlskit.internal.KeyLog;
import io.dtlskit.internal.Reactor;
import org.bouncycastle.tls.crypto.TlsCrypto;
import io.dtlskit.internal.LeanCrypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of dtlskit: immutable settings plus one reactor thread shared by every association
 * it opens. Open associations with {@link #connect}; each gets its own connected UDP socket, like
 * Qt's {@code DtlsAssociation}, and its own virtual thread for the Bouncy Castle protocol.
 *
 * <pre>{@code
 * try (DtlsClient client = DtlsClient.builder().pingInterval(Duration.ofSeconds(1)).build()) {
 *     DtlsAssociation a = client.connect(new InetSocketAddress("127.0.0.1", 22334), System.out::println);
 *     a.handshake().join();
 * }
 * }</pre>
 */
public final class DtlsClient implements AutoCloseable {
    private static final AtomicInteger CLONE_NUMBER = new AtomicInteger();

    private final Builder config;
    private final Reactor reactor;
    private final TlsCrypto crypto;
    private final ThreadFactory threads;
    private final Set<DtlsAssociation> live = ConcurrentHashMap.newKeySet();
    private final KeyLog keyLog;
    private volatile boolean closed;

    private DtlsClient(Builder b) {
        this.config = b.copy();
        this.crypto = new LeanCrypto(new SecureRandom());
        this.threads = Thread.ofVirtual().name("dtlskit-association-", 0).factory();
        try {
            this.keyLog = b.keyLogFile == null ? null : KeyLog.append(b.keyLogFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open key log " + b.keyLogFile + ": "
                    + io.dtlskit.internal.OsReason.of(e), e);
        }
        this.reactor = new Reactor("dtlskit-client-reactor");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this client's settings, to derive a variant (a new client). */
    public Builder newBuilder() {
        return config.copy();
    }

    /**
     * The next Qt-style name, {@code Alice (clone number N)}: N counts up per process and is never
     * reset, as in Qt's example (spec section 1).
     */
    public static String nextDefaultName() {
        return "Alice (clone number " + CLONE_NUMBER.getAndIncrement() + ")";
    }

    /** Opens an association with the next default name. */
    public DtlsAssociation connect(InetSocketAddress server, AssociationListener listener) {
        return association(server).listener(listener).connect();
    }

    /** Starts describing an association to {@code server}, for per-association settings. */
    public AssociationBuilder association(InetSocketAddress server) {
        return new AssociationBuilder(server);
    }

    /** The associations not yet ended. */
    public List<DtlsAssociation> associations() {
        return new ArrayList<>(live);
    }

    /** Shuts every association down (close_notify where encrypted) without closing the client. */
    public void shutdownAll() {
        for (DtlsAssociation a : live) {
            a.close();
        }
    }

    /**
     * Shuts every association down, waits (bounded) for their threads to finish, and stops the
     * reactor. Nothing of this client is running once it returns.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<AssociationState>> ends = new ArrayList<>();
        for (DtlsAssociation a : live) {
            a.close();
            ends.add(a.terminated());
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a stuck association is reported by its own events; we still release the reactor
        }
        reactor.close();
        if (keyLog != null) {
            try {
                keyLog.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    void forget(DtlsAssociation association) {
        live.remove(association);
    }

    /** Per-association settings; unset values come from the client. */
    public final class AssociationBuilder {
        private final InetSocketAddress server;
        private String name;
        private String pskIdentity;
        private PskKey pskKey;
        private AssociationListener listener = AssociationListener.NONE;
        private InetSocketAddress localAddress;

        private AssociationBuilder(InetSocketAddress server) {
            this.server = Objects.requireNonNull(server, "server");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("server address " + server + " is unresolved");
            }
        }

        /** If unset: the next {@link #nextDefaultName()}. */
        public AssociationBuilder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("association name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** If unset: the client's identity, or else the association's name (Qt's behaviour). */
        public AssociationBuilder pskIdentity(String identity) {
            this.pskIdentity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** If unset: the client's key. */
        public AssociationBuilder pskKey(PskKey key) {
            this.pskKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Bind the socket to this local address and port. If unset: any free port. */
        public AssociationBuilder localAddress(InetSocketAddress local) {
            this.localAddress = Objects.requireNonNull(local, "local");
            return this;
        }

        public AssociationBuilder listener(AssociationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Creates the association and starts its handshake at once. */
        public DtlsAssociation connect() {
            if (closed) {
                throw new IllegalStateException("client is closed");
            }
            String n = name != null ? name : nextDefaultName();
            String identity = pskIdentity != null ? pskIdentity : config.pskIdentity != null ? config.pskIdentity : n;
            DtlsAssociation a = new DtlsAssociation(DtlsClient.this, n, server, identity,
                    pskKey != null ? pskKey : config.pskKey, localAddress, listener);
            live.add(a);
            a.start(threads);
            return a;
        }
    }

    Builder config() {
        return config;
    }

    Reactor reactor() {
        return reactor;
    }

    TlsCrypto crypto() {
        return crypto;
    }

    KeyLog keyLog() {
        return keyLog;
    }

    /** Client settings. Setters validate at once and name the bad value. */
    public static final class Builder {
        PskKey pskKey = PskKey.qtExample();
        String pskIdentity;
        List<CipherSuite> cipherSuites = CipherSuite.defaults();
        Duration handshakeTimeout = Duration.ofSeconds(60);
        Duration initialRetransmit = Duration.ofSeconds(1);
        Duration pingInterval = Duration.ofMillis(5000);
        long maxPings;
        int mtu = 1400;
        int inboundQueue = 64;
        int maxHandshakeMessage = 16 * 1024;
        Clock clock = Clock.systemUTC();
        Path keyLogFile;
        boolean reconnect;
        Duration reconnectInitial = Duration.ofSeconds(1);
        Duration reconnectMax = Duration.ofSeconds(30);
        int unansweredPingsLimit = 3;
        int portUnreachableLimit = 3;

        private Builder() {
        }

        Builder copy() {
            Builder b = new Builder();
            b.pskKey = pskKey;
            b.pskIdentity = pskIdentity;
            b.cipherSuites = cipherSuites;
            b.handshakeTimeout = handshakeTimeout;
            b.initialRetransmit = initialRetransmit;
            b.pingInterval = pingInterval;
            b.maxPings = maxPings;
            b.mtu = mtu;
            b.inboundQueue = inboundQueue;
            b.maxHandshakeMessage = maxHandshakeMessage;
            b.clock = clock;
            b.keyLogFile = keyLogFile;
            b.reconnect = reconnect;
            b.reconnectInitial = reconnectInitial;
            b.reconnectMax = reconnectMax;
            b.unansweredPingsLimit = unansweredPingsLimit;
            b.portUnreachableLimit = portUnreachableLimit;
            return b;
        }

        /** If unset: Qt's key {@code 1a2b3c4d5e6f}. */
        public Builder pskKey(PskKey key) {
            this.pskKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** If unset: each association sends its own name as identity, like Qt. */
        public Builder pskIdentity(String identity) {
            this.pskIdentity = identity;
            return this;
        }

        /** Offered suites in preference order. If unset: {@link CipherSuite#defaults()}. */
        public Builder cipherSuites(List<CipherSuite> suites) {
            if (suites == null || suites.isEmpty()) {
                throw new IllegalArgumentException("at least one cipher suite is required");
            }
            this.cipherSuites = List.copyOf(suites);
            return this;
        }

        /** Give up a handshake after this long. If unset: 60 s. Qt never gives up. */
        public Builder handshakeTimeout(Duration timeout) {
            requirePositive("handshake timeout", timeout);
            if (timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("handshake timeout " + timeout + " is too long");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** First retransmission timer, doubled up to 60 s (RFC 6347 §4.2.4.1). If unset: 1 s. */
        public Builder initialRetransmit(Duration timeout) {
            requirePositive("initial retransmission timeout", timeout);
            this.initialRetransmit = timeout;
            return this;
        }

        /** Time between pings once encrypted; {@link Duration#ZERO} disables pings. If unset: 5000 ms. */
        public Builder pingInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("ping interval must be zero (off) or positive, was " + interval);
            }
            this.pingInterval = interval;
            return this;
        }

        /** Stop pinging after this many pings; 0 = no limit. If unset: no limit. */
        public Builder maxPings(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("ping count must be >= 0, was " + count);
            }
            this.maxPings = count;
            return this;
        }

        /** Path MTU for outgoing datagrams (IP and UDP headers included). If unset: 1400. */
        public Builder mtu(int mtu) {
            if (mtu < 256 || mtu > 65535) {
                throw new IllegalArgumentException("MTU must be 256 to 65535, was " + mtu);
            }
            this.mtu = mtu;
            return this;
        }

        /** Datagrams queued per association before more are dropped. If unset: 64. */
        public Builder inboundQueue(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("inbound queue must hold at least 1 datagram, was " + capacity);
            }
            this.inboundQueue = capacity;
            return this;
        }

        /** Clock for event timestamps. If unset: the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Append NSS key log lines for Wireshark to this file. If unset: no key log. */
        public Builder keyLog(Path file) {
            this.keyLogFile = file;
            return this;
        }

        /**
         * Re-handshake after the association is lost: a failed handshake, close_notify from the server,
         * or {@link #unansweredPingsLimit} pings in a row without a reply (a server that restarted and
         * lost its state drops our records silently). Waits {@code initial}, doubling up to {@code max},
         * between attempts. If unset: no reconnection, as in Qt.
         */
        public Builder reconnect(Duration initial, Duration max) {
            requirePositive("reconnect backoff", initial);
            requirePositive("maximum reconnect backoff", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("maximum reconnect backoff " + max + " is below the initial " + initial);
            }
            this.reconnect = true;
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        /**
         * Pings in a row without a reply after which the server counts as lost (a warning, or a
         * reconnection if enabled). If unset: 3.
         */
        public Builder unansweredPingsLimit(int pings) {
            if (pings < 1) {
                throw new IllegalArgumentException("unanswered pings limit must be >= 1, was " + pings);
            }
            this.unansweredPingsLimit = pings;
            return this;
        }

        /**
         * ICMP port unreachable answers in a row (no datagram from the server between them) after
         * which a handshake gives up at once instead of waiting for its timeout: nothing listens on
         * that port. 0 never gives up early. If unset: 3 (with the RFC 6347 §4.2.4.1 timers, about
         * 3 s after the first ClientHello, time enough for a server that is just starting).
         */
        public Builder portUnreachableLimit(int times) {
            if (times < 0) {
                throw new IllegalArgumentException("port unreachable limit must be >= 0, was " + times);
            }
            this.portUnreachableLimit = times;
            return this;
        }

        public DtlsClient build() {
            return new DtlsClient(this);
        }

        private static void requirePositive(String what, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
        }
    }
}
