package io.dtlskit;

import io.dtlskit.internal.ClientContext;
import io.dtlskit.internal.ClientOptions;
import io.dtlskit.internal.KeyLog;
import io.dtlskit.internal.LeanCrypto;
import io.dtlskit.internal.Reactor;
import io.dtlskit.internal.SessionCache;
import io.dtlskit.internal.Settings;

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
import java.util.function.Supplier;

/**
 * The client side of dtlskit: immutable settings plus one reactor thread shared by every association
 * it opens. Open associations with {@link #connect}; each gets its own connected UDP socket and its own
 * virtual thread for the Bouncy Castle protocol.
 *
 * <pre>{@code
 * try (DtlsClient client = DtlsClient.builder().pskKey(PskKey.ofHex("1a2b3c4d5e6f")).build()) {
 *     DtlsAssociation a = client.connect(new InetSocketAddress("127.0.0.1", 22334), System.out::println);
 *     a.handshake().join();
 *     a.send("hello".getBytes());
 *     byte[] reply = a.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class DtlsClient implements AutoCloseable {
    private final Builder config;
    private final Reactor reactor;
    private final ClientContext context;
    private final ThreadFactory threads;
    private final Set<DtlsAssociation> live = ConcurrentHashMap.newKeySet();
    private final KeyLog keyLog;
    private volatile boolean closed;

    private DtlsClient(Builder b) {
        this.config = b.copy();
        this.threads = Thread.ofVirtual().name("dtlskit-association-", 0).factory();
        try {
            this.keyLog = b.settings.keyLogFile() == null ? null : KeyLog.append(b.settings.keyLogFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open key log " + b.settings.keyLogFile() + ": "
                    + io.dtlskit.internal.OsReason.of(e), e);
        }
        this.reactor = new Reactor("dtlskit-client-reactor");
        ClientOptions options = new ClientOptions(b.settings, b.pskKey, b.pskIdentity, b.pinger, b.pingInterval,
                b.maxPings, b.unansweredPingsLimit, b.reconnect, b.reconnectInitial, b.reconnectMax,
                b.portUnreachableLimit, b.connectionId);
        this.context = new ClientContext(options, reactor, new LeanCrypto(new SecureRandom()), keyLog,
                b.settings.peerSettings(keyLog), b.resume ? new SessionCache<>(b.sessionCacheSize, b.sessionLifetime,
                        SessionCache.nanos(b.settings.clock())) : null, b.peerAuth());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this client's settings, to derive a variant (a new client). */
    public Builder newBuilder() {
        return config.copy();
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

    /** Per-association settings; unset values come from the client. */
    public final class AssociationBuilder {
        private final InetSocketAddress server;
        private String name;
        private String pskIdentity;
        private PskKey pskKey;
        private AssociationListener listener = AssociationListener.NONE;
        private DataHandler dataHandler;
        private InetSocketAddress localAddress;

        private AssociationBuilder(InetSocketAddress server) {
            this.server = Objects.requireNonNull(server, "server");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("server address " + server + " is unresolved");
            }
        }

        /** If unset: the client's next name ({@link Builder#names}). */
        public AssociationBuilder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("association name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** If unset: the client's identity, or else the association's name. */
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

        /**
         * Where received application data goes. If unset: the client's handler, or else a bounded buffer
         * read with {@link DtlsAssociation#receive(Duration)}.
         */
        public AssociationBuilder onData(DataHandler handler) {
            this.dataHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Creates the association and starts its handshake at once. */
        public DtlsAssociation connect() {
            if (closed) {
                throw new IllegalStateException("client is closed");
            }
            String n = name != null ? name : config.names.get();
            String identity = pskIdentity != null ? pskIdentity : config.pskIdentity != null ? config.pskIdentity : n;
            DtlsAssociation[] self = new DtlsAssociation[1];
            DtlsAssociation a = new DtlsAssociation(context, n, server, identity,
                    pskKey != null ? pskKey : config.pskKey, localAddress, listener,
                    dataHandler != null ? dataHandler : config.dataHandler, () -> live.remove(self[0]));
            self[0] = a;
            live.add(a);
            a.start(threads);
            return a;
        }
    }

    /**
     * Client settings. Setters validate at once and name the bad value. Only the credentials are
     * required: {@link #pskKey}.
     */
    public static final class Builder {
        Settings settings = Settings.defaults();
        PskKey pskKey;
        String pskIdentity;
        Pinger pinger;
        Duration pingInterval = Duration.ZERO;
        long maxPings;
        int unansweredPingsLimit = 3;
        int portUnreachableLimit = 3;
        boolean reconnect;
        Duration reconnectInitial = Duration.ofSeconds(1);
        Duration reconnectMax = Duration.ofSeconds(30);
        DataHandler dataHandler;
        Supplier<String> names = defaultNames();
        List<Credentials> credentials = List.of();
        PeerVerifier serverVerifier;
        String serverName;
        boolean connectionId;
        boolean resume;
        int sessionCacheSize = 1_000;
        Duration sessionLifetime = Duration.ofHours(1);

        private Builder() {
        }

        /**
         * How this client authenticates: a {@link Credentials.Psk} (the same as {@link #pskKey} and
         * {@link #pskIdentity}) and/or a certificate or raw public key sent when the server asks for one.
         */
        public Builder credentials(Credentials... credentials) {
            List<Credentials> list = io.dtlskit.internal.BuilderChecks.credentials(credentials);
            Credentials.Psk psk = io.dtlskit.internal.BuilderChecks.psk(list);
            if (psk != null) {
                pskKey(psk.key());
                pskIdentity(psk.identity());
            }
            this.credentials = list;
            return this;
        }

        /**
         * Offer the certificate suites (ECDHE_ECDSA, ECDHE_RSA) and judge the server's certificate or
         * raw public key with this verifier. PSK suites are offered as well when a PSK key is set. If
         * unset: PSK suites only.
         */
        public Builder serverVerifier(PeerVerifier verifier) {
            this.serverVerifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * The name the server's certificate must match (RFC 6125) and, for a host name, the SNI sent
         * (RFC 6066 §3). If unset: the host string of the address connected to, as given.
         */
        public Builder serverName(String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("server name must not be blank");
            }
            this.serverName = name;
            return this;
        }

        /** Certificate settings for the peers, or null for PSK only. */
        io.dtlskit.internal.PeerAuth peerAuth() {
            return io.dtlskit.internal.PeerAuth.forClient(credentials, pskKey == null ? null
                    : Credentials.psk(pskIdentity == null ? "" : pskIdentity, pskKey), serverVerifier, serverName);
        }

        /**
         * Offers RFC 9146's Connection ID: the server may then give us a CID to put in every record, and
         * finds our association by it after our address changes (a NAT rebinding). If unset: off.
         */
        public Builder cid(boolean offer) {
            this.connectionId = offer;
            return this;
        }

        /**
         * Session resumption: every handshake after the first to the same server with the same PSK
         * identity (reconnects, later associations) offers the last session for an abbreviated
         * handshake (RFC 5246 §7.3), and falls back to a full one if the server has forgotten it. If
         * unset: off. The cache is bounded by {@link #sessionCache}.
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Bounds the resumption cache: at most {@code size} sessions (least recently used go first), none
         * resumed after {@code lifetime}. If unset: 1,000 sessions, 1 hour.
         */
        public Builder sessionCache(int size, Duration lifetime) {
            io.dtlskit.internal.BuilderChecks.sessionCache(size, lifetime);
            this.sessionCacheSize = size;
            this.sessionLifetime = lifetime;
            return this;
        }

        Builder copy() {
            Builder b = new Builder();
            b.settings = settings;
            b.pskKey = pskKey;
            b.pskIdentity = pskIdentity;
            b.pinger = pinger;
            b.pingInterval = pingInterval;
            b.maxPings = maxPings;
            b.unansweredPingsLimit = unansweredPingsLimit;
            b.portUnreachableLimit = portUnreachableLimit;
            b.reconnect = reconnect;
            b.reconnectInitial = reconnectInitial;
            b.reconnectMax = reconnectMax;
            b.dataHandler = dataHandler;
            b.names = names;
            b.credentials = credentials;
            b.serverVerifier = serverVerifier;
            b.serverName = serverName;
            b.connectionId = connectionId;
            b.resume = resume;
            b.sessionCacheSize = sessionCacheSize;
            b.sessionLifetime = sessionLifetime;
            return b;
        }

        private static Supplier<String> defaultNames() {
            AtomicInteger next = new AtomicInteger();
            return () -> "association " + next.getAndIncrement();
        }

        /** The pre-shared key. Required: there is no default key. */
        public Builder pskKey(PskKey key) {
            this.pskKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** If unset: each association sends its own name as identity (as Qt's example does). */
        public Builder pskIdentity(String identity) {
            this.pskIdentity = identity;
            return this;
        }

        /** Names for associations opened without one. If unset: {@code association 0}, {@code association 1}, ... */
        public Builder names(Supplier<String> names) {
            this.names = Objects.requireNonNull(names, "names");
            return this;
        }

        /** Where received data goes for associations that set no handler of their own. */
        public Builder onData(DataHandler handler) {
            this.dataHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Offered suites in preference order. If unset: {@link CipherSuite#defaults()}. */
        public Builder cipherSuites(List<CipherSuite> suites) {
            settings = settings.withCipherSuites(suites);
            return this;
        }

        /** Give up a handshake after this long (at most about 24 days). If unset: 60 s. */
        public Builder handshakeTimeout(Duration timeout) {
            settings = settings.withHandshakeTimeout(timeout);
            return this;
        }

        /** First retransmission timer, doubled up to 60 s (RFC 6347 §4.2.4.1). If unset: 1 s. */
        public Builder initialRetransmit(Duration timeout) {
            settings = settings.withInitialRetransmit(timeout);
            return this;
        }

        /**
         * Keep-alive: once encrypted, send {@code pinger}'s payload at once and then every
         * {@code interval}, and count replies as answers (round trips, {@link #unansweredPingsLimit}).
         * {@link Duration#ZERO} turns pings off. If unset: no pings.
         */
        public Builder keepAlive(Pinger pinger, Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("ping interval must be zero (off) or positive, was " + interval);
            }
            this.pinger = Objects.requireNonNull(pinger, "pinger");
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
            settings = settings.withMtu(mtu);
            return this;
        }

        /** Datagrams queued per association before more are dropped. If unset: 64. */
        public Builder inboundQueue(int capacity) {
            settings = settings.withInboundQueue(capacity);
            return this;
        }

        /** Clock for event timestamps. If unset: the system clock (UTC). */
        public Builder clock(Clock clock) {
            settings = settings.withClock(clock);
            return this;
        }

        /** Append NSS key log lines for Wireshark to this file. If unset: no key log. */
        public Builder keyLog(Path file) {
            settings = settings.withKeyLogFile(file);
            return this;
        }

        /**
         * Re-handshake after the association is lost: a failed handshake, close_notify from the server,
         * or {@link #unansweredPingsLimit} pings in a row without a reply (a server that restarted and
         * lost its state drops our records silently). Waits {@code initial}, doubling up to {@code max},
         * between attempts. If unset: no reconnection.
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
         * Flights in a row answered by ICMP port unreachable (no datagram from the server between
         * them) after which a handshake gives up at once instead of waiting for its timeout: nothing
         * listens on that port. Counted per flight, not per datagram: the kernel rate-limits ICMP and
         * a flight may take several datagrams. 0 never gives up early. If unset: 3 (with the RFC 6347
         * §4.2.4.1 timers, about 3 s after the first ClientHello, time enough for a server that is
         * just starting).
         */
        public Builder portUnreachableLimit(int times) {
            if (times < 0) {
                throw new IllegalArgumentException("port unreachable limit must be >= 0, was " + times);
            }
            this.portUnreachableLimit = times;
            return this;
        }

        /**
         * @throws IllegalStateException if no credentials were set
         */
        public DtlsClient build() {
            if (pskKey == null && serverVerifier == null) {
                throw new IllegalStateException("no credentials: set DtlsClient.builder().pskKey(PskKey.ofHex(...))"
                        + " (and pskIdentity(...) unless each association's name is its identity), or"
                        + " serverVerifier(PeerVerifier.trusting(...)) for certificates");
            }
            return new DtlsClient(this);
        }

        private static void requirePositive(String what, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
        }
    }
}
