package io.dtlskit;

import io.dtlskit.internal.ClientContext;
import io.dtlskit.internal.ClientSetup;
import io.dtlskit.internal.KeyLog;
import io.dtlskit.internal.Reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
    private final ClientAssociations live = new ClientAssociations();
    private final KeyLog keyLog;
    private volatile boolean closed;

    private DtlsClient(Builder b) {
        this.config = b.copy();
        this.keyLog = config.setup.openKeyLog();
        this.reactor = new Reactor("dtlskit-client-reactor");
        this.context = config.setup.context(reactor, keyLog);
    }

    public static Builder builder() {
        return new Builder(new ClientSetup());
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
        return live.snapshot();
    }

    /** Shuts every association down (close_notify where encrypted) without closing the client. */
    public void shutdownAll() {
        live.shutdownAll();
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
        live.closeAll();
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
            ClientSetup defaults = config.setup;
            String n = name != null ? name : defaults.nextName();
            String identity = pskIdentity != null ? pskIdentity
                    : defaults.pskIdentity() != null ? defaults.pskIdentity() : n;
            return live.open(context, n, server, identity, pskKey != null ? pskKey : defaults.pskKey(), localAddress,
                    listener, dataHandler != null ? dataHandler : defaults.dataHandler());
        }
    }

    /**
     * Client settings. Setters validate at once and name the bad value. Only the credentials are
     * required: {@link #pskKey}.
     */
    public static final class Builder {
        private final ClientSetup setup;

        private Builder(ClientSetup setup) {
            this.setup = setup;
        }

        /**
         * How this client authenticates: a {@link Credentials.Psk} (the same as {@link #pskKey} and
         * {@link #pskIdentity}) and/or a certificate or raw public key sent when the server asks for one.
         */
        public Builder credentials(Credentials... credentials) {
            setup.credentials(credentials);
            return this;
        }

        /**
         * Offer the certificate suites (ECDHE_ECDSA, ECDHE_RSA) and judge the server's certificate or
         * raw public key with this verifier. PSK suites are offered as well when a PSK key is set. If
         * unset: PSK suites only.
         */
        public Builder serverVerifier(PeerVerifier verifier) {
            setup.serverVerifier(verifier);
            return this;
        }

        /**
         * The name the server's certificate must match (RFC 6125) and, for a host name, the SNI sent
         * (RFC 6066 §3). If unset: the host string of the address connected to, as given.
         */
        public Builder serverName(String name) {
            setup.serverName(name);
            return this;
        }

        /**
         * Offers RFC 9146's Connection ID: the server may then give us a CID to put in every record, and
         * finds our association by it after our address changes (a NAT rebinding). If unset: off.
         */
        public Builder cid(boolean offer) {
            setup.cid(offer);
            return this;
        }

        /**
         * Session resumption: every handshake after the first to the same server with the same PSK
         * identity (reconnects, later associations) offers the last session for an abbreviated
         * handshake (RFC 5246 §7.3), and falls back to a full one if the server has forgotten it. If
         * unset: off. The cache is bounded by {@link #sessionCache}.
         */
        public Builder resume(boolean resume) {
            setup.resume(resume);
            return this;
        }

        /**
         * Bounds the resumption cache: at most {@code size} sessions (least recently used go first), none
         * resumed after {@code lifetime}. If unset: 1,000 sessions, 1 hour.
         */
        public Builder sessionCache(int size, Duration lifetime) {
            setup.sessionCache(size, lifetime);
            return this;
        }

        Builder copy() {
            return new Builder(setup.copy());
        }

        /** The pre-shared key. Required: there is no default key. */
        public Builder pskKey(PskKey key) {
            setup.pskKey(key);
            return this;
        }

        /** If unset: each association sends its own name as identity (as Qt's example does). */
        public Builder pskIdentity(String identity) {
            setup.pskIdentity(identity);
            return this;
        }

        /** Names for associations opened without one. If unset: {@code association 0}, {@code association 1}, ... */
        public Builder names(Supplier<String> names) {
            setup.names(names);
            return this;
        }

        /** Where received data goes for associations that set no handler of their own. */
        public Builder onData(DataHandler handler) {
            setup.onData(handler);
            return this;
        }

        /** Offered suites in preference order. If unset: {@link CipherSuite#defaults()}. */
        public Builder cipherSuites(List<CipherSuite> suites) {
            setup.settings(s -> s.withCipherSuites(suites));
            return this;
        }

        /** Give up a handshake after this long (at most about 24 days). If unset: 60 s. */
        public Builder handshakeTimeout(Duration timeout) {
            setup.settings(s -> s.withHandshakeTimeout(timeout));
            return this;
        }

        /** First retransmission timer, doubled up to 60 s (RFC 6347 §4.2.4.1). If unset: 1 s. */
        public Builder initialRetransmit(Duration timeout) {
            setup.settings(s -> s.withInitialRetransmit(timeout));
            return this;
        }

        /**
         * Keep-alive: once encrypted, send {@code pinger}'s payload at once and then every
         * {@code interval}, and count replies as answers (round trips, {@link #unansweredPingsLimit}).
         * {@link Duration#ZERO} turns pings off. If unset: no pings.
         */
        public Builder keepAlive(Pinger pinger, Duration interval) {
            setup.keepAlive(pinger, interval);
            return this;
        }

        /** Stop pinging after this many pings; 0 = no limit. If unset: no limit. */
        public Builder maxPings(long count) {
            setup.maxPings(count);
            return this;
        }

        /** Path MTU for outgoing datagrams (IP and UDP headers included). If unset: 1400. */
        public Builder mtu(int mtu) {
            setup.settings(s -> s.withMtu(mtu));
            return this;
        }

        /** Datagrams queued per association before more are dropped. If unset: 64. */
        public Builder inboundQueue(int capacity) {
            setup.settings(s -> s.withInboundQueue(capacity));
            return this;
        }

        /** Clock for event timestamps. If unset: the system clock (UTC). */
        public Builder clock(Clock clock) {
            setup.settings(s -> s.withClock(clock));
            return this;
        }

        /** Append NSS key log lines for Wireshark to this file. If unset: no key log. */
        public Builder keyLog(Path file) {
            setup.settings(s -> s.withKeyLogFile(file));
            return this;
        }

        /**
         * Re-handshake after the association is lost: a failed handshake, close_notify from the server,
         * or {@link #unansweredPingsLimit} pings in a row without a reply (a server that restarted and
         * lost its state drops our records silently). Waits {@code initial}, doubling up to {@code max},
         * between attempts. If unset: no reconnection.
         */
        public Builder reconnect(Duration initial, Duration max) {
            setup.reconnect(initial, max);
            return this;
        }

        /**
         * Pings in a row without a reply after which the server counts as lost (a warning, or a
         * reconnection if enabled). If unset: 3.
         */
        public Builder unansweredPingsLimit(int pings) {
            setup.unansweredPingsLimit(pings);
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
            setup.portUnreachableLimit(times);
            return this;
        }

        /**
         * @throws IllegalStateException if no credentials were set
         */
        public DtlsClient build() {
            setup.requireCredentials();
            return new DtlsClient(this);
        }
    }
}
