package io.dtlskit;

import io.dtlskit.internal.Dispatcher;
import io.dtlskit.internal.KeyLog;
import io.dtlskit.internal.LeanCrypto;
import io.dtlskit.internal.PeerAuth;
import io.dtlskit.internal.Reactor;
import io.dtlskit.internal.ServerCore;
import io.dtlskit.internal.ServerSession;
import io.dtlskit.internal.ServerSetup;
import io.dtlskit.internal.ServerSockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A DTLS 1.2 PSK server: one UDP socket, a stateless cookie check before any per-peer state (RFC 6347
 * §4.2.1), one association per peer address, keys looked up in a {@link PskStore}, and every encrypted
 * association handed to a {@link ServerHandler}. Beyond the basics: limits on associations and
 * handshakes, an idle timeout, and a fresh ClientHello from a known address replaces that address's
 * association after the cookie check (RFC 6347 §4.2.8).
 *
 * <pre>{@code
 * try (DtlsServer server = DtlsServer.builder().bind(new InetSocketAddress("127.0.0.1", 5684))
 *         .pskStore(PskStore.fromFile(Path.of("keys.txt"))).handler(ServerHandler.echo()).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class DtlsServer implements AutoCloseable {
    /** The server's Connection ID length with {@code cid(true)}: 2^48 values, unguessable enough to route. */
    public static final int DEFAULT_CID_LENGTH = 6;

    private final Builder config;
    private final ServerCore core;
    private final DatagramChannel channel;
    private final Reactor reactor;
    private final KeyLog keyLog;
    private volatile boolean closed;

    private DtlsServer(Builder builder) throws IOException {
        Builder b = builder.copy(); // later changes to the builder do not reach a running server
        this.config = b;
        ServerSetup setup = b.setup;
        PeerAuth peerAuth = setup.peerAuth(); // before any resource: it may refuse the settings
        this.keyLog = setup.openKeyLog();
        this.channel = ServerSockets.bind(setup.bind(), keyLog);
        this.core = new ServerCore(setup.options(peerAuth), new LeanCrypto(new SecureRandom()),
                setup.settings().peerSettings(keyLog), channel);
        this.reactor = new Reactor("dtlskit-server-reactor");
        try {
            SelectionKey ignored = reactor.register(channel, new Dispatcher(core)::drain).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            reactor.close();
            channel.close();
            core.events().close();
            throw new IOException("cannot register the server socket: " + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder(new ServerSetup());
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return config.setup.bind();
        }
    }

    /** Accepts new peers again (Qt's "Start listening"). */
    public void startListening() {
        if (closed) {
            throw new IllegalStateException("server is shut down");
        }
        core.listening(true);
        core.emit(new ServerEvent.Listening(core.now(), localAddress()));
    }

    /** Stops accepting new peers; existing associations keep working (Qt's "Stop listening"). */
    public void stopListening() {
        core.listening(false);
        core.emit(new ServerEvent.NotAccepting(core.now()));
    }

    public boolean isListening() {
        return core.listening();
    }

    public ServerStats stats() {
        return core.stats();
    }

    /** Datagrams the socket refused for lack of buffer space: lost, and not counted as sent. */
    public long sendsRefused() {
        return core.sendsRefused();
    }

    /** Events not delivered because the listener did not keep up (its queue holds 65,536). */
    public long eventsDropped() {
        return core.eventsDropped();
    }

    /** A snapshot of every known peer. */
    public List<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        for (ServerSession s : core.table().established()) {
            out.add(s.info());
        }
        return out;
    }

    /** The encrypted sessions, for sending to or closing one peer from outside its handler. */
    public List<DtlsSession> sessions() {
        List<DtlsSession> out = new ArrayList<>();
        for (ServerSession s : core.table().established()) {
            if (s.isEncrypted()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Shuts down: stops accepting datagrams, sends close_notify to every peer, waits (bounded) for their
     * sessions to end, and closes the socket, the reactor and the event thread. The reactor stops first,
     * so no session can start while the others are being shut down. Called from a handler, it does not
     * wait for that handler's own session, which ends when the handler returns.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        core.closing();
        reactor.close(); // joins the reactor thread: from here on nothing is dispatched
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        int notified = 0;
        for (ServerSession s : core.table().all()) {
            // Read the state first: shutdown() wakes the session, which may mark itself closed at once.
            boolean encrypted = s.isEncrypted();
            if (s.shutdown() && encrypted) {
                notified++;
            }
            if (!s.isOwnThread()) { // closed from a handler: its own session ends once the handler returns
                ends.add(s.terminated());
            }
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a stuck session is abandoned with the socket below
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (keyLog != null) {
            try {
                keyLog.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        core.emit(new ServerEvent.ShutDown(core.now(), notified));
        core.events().close();
    }

    /**
     * Server settings. Setters validate at once and name the bad value. Only the credentials are
     * required: {@link #pskKey} or {@link #pskStore}.
     */
    public static final class Builder {
        private final ServerSetup setup;

        private Builder(ServerSetup setup) {
            this.setup = setup;
        }

        /**
         * What this server authenticates with: a {@link Credentials.Psk} (hint and keys, the same as
         * {@link #identityHint} and {@link #pskStore}), and/or a certificate or raw public key for the
         * ECDHE_ECDSA / ECDHE_RSA suites. Given both, the server offers PSK and certificate suites at once.
         */
        public Builder credentials(Credentials... credentials) {
            setup.credentials(credentials);
            return this;
        }

        /** RFC 9146 Connection IDs of {@link #DEFAULT_CID_LENGTH} bytes, or none. If unset: none. */
        public Builder cid(boolean on) {
            return cid(on ? DEFAULT_CID_LENGTH : 0);
        }

        /**
         * Agrees to RFC 9146 when a client offers it, giving each association a random CID of
         * {@code length} bytes (1 to 32; 0 turns CIDs off). Records carrying a CID reach their
         * association whatever address they come from, so it survives the client's address change.
         * If unset: off.
         */
        public Builder cid(int length) {
            setup.cid(length);
            return this;
        }

        /**
         * Ask clients for a certificate or raw public key in certificate suites, judged by
         * {@code verifier}. If unset: {@link ClientAuth#NONE}.
         */
        public Builder clientAuth(ClientAuth mode, PeerVerifier verifier) {
            setup.clientAuth(mode, verifier);
            return this;
        }

        /**
         * Session resumption (RFC 5246 §7.3): new sessions get an ID and are kept in a cache bounded by
         * {@link #sessionCache}; a client offering a cached ID gets an abbreviated handshake. The cache
         * lives in memory only: after a restart every client does a full handshake. If unset: on.
         */
        public Builder resumption(boolean on) {
            setup.resumption(on);
            return this;
        }

        /**
         * Bounds the resumption cache: at most {@code size} sessions (the least recently used go
         * first), none resumed after {@code lifetime}. If unset: 10,000 sessions, 1 hour.
         */
        public Builder sessionCache(int size, Duration lifetime) {
            setup.sessionCache(size, lifetime);
            return this;
        }

        Builder copy() {
            return new Builder(setup.copy());
        }

        /** If unset: 127.0.0.1:22334. Port 0 picks a free port (see {@link #localAddress()}). */
        public Builder bind(InetSocketAddress address) {
            setup.bind(address);
            return this;
        }

        /** One key for every client identity (the behaviour of Qt's example server). */
        public Builder pskKey(PskKey key) {
            setup.pskKey(key);
            return this;
        }

        /** Keys by client identity; an unknown identity fails with unknown_psk_identity. */
        public Builder pskStore(PskStore store) {
            setup.pskStore(store);
            return this;
        }

        /** The PSK identity hint sent to clients. If unset: {@code dtlskit}. Never empty (GnuTLS clients crash on one). */
        public Builder identityHint(String hint) {
            setup.identityHint(hint);
            return this;
        }

        /** What the server does with each encrypted association. If unset: {@link ServerHandler#discard()}. */
        public Builder handler(ServerHandler handler) {
            setup.handler(handler);
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> suites) {
            setup.settings(s -> s.withCipherSuites(suites));
            return this;
        }

        /** A handshake that stalls this long is dropped. If unset: 60 s. */
        public Builder handshakeTimeout(Duration timeout) {
            setup.settings(s -> s.withHandshakeTimeout(timeout));
            return this;
        }

        /** If unset: 1 s. */
        public Builder initialRetransmit(Duration timeout) {
            setup.settings(s -> s.withInitialRetransmit(timeout));
            return this;
        }

        /** An association silent this long is closed with close_notify. If unset: 10 min. */
        public Builder idleTimeout(Duration timeout) {
            setup.idleTimeout(timeout);
            return this;
        }

        /** New peers beyond this many associations are refused and counted. If unset: 100,000. */
        public Builder maxAssociations(int max) {
            setup.maxAssociations(max);
            return this;
        }

        /** New peers while this many handshakes run are refused and counted. If unset: 10,000. */
        public Builder maxHandshakes(int max) {
            setup.maxHandshakes(max);
            return this;
        }

        /** Larger datagrams are dropped unread. If unset: 18,432 bytes (one full record plus slack). */
        public Builder maxDatagram(int bytes) {
            setup.maxDatagram(bytes);
            return this;
        }

        /** If unset: 1400. */
        public Builder mtu(int mtu) {
            setup.settings(s -> s.withMtu(mtu));
            return this;
        }

        /** Datagrams queued per association before more are dropped. If unset: 64. */
        public Builder inboundQueue(int capacity) {
            setup.settings(s -> s.withInboundQueue(capacity));
            return this;
        }

        /** If false, the server starts bound but not accepting new peers. If unset: true. */
        public Builder listenAtStart(boolean listen) {
            setup.listenAtStart(listen);
            return this;
        }

        public Builder listener(ServerListener listener) {
            setup.listener(listener);
            return this;
        }

        public Builder clock(Clock clock) {
            setup.settings(s -> s.withClock(clock));
            return this;
        }

        /** Append NSS key log lines for Wireshark to this file. If unset: none. */
        public Builder keyLog(Path file) {
            setup.settings(s -> s.withKeyLogFile(file));
            return this;
        }

        /**
         * Binds the socket and, unless {@link #listenAtStart(boolean) listenAtStart(false)}, starts
         * listening.
         *
         * @throws IOException if the address cannot be bound (message names the address)
         */
        public DtlsServer start() throws IOException {
            setup.requireCredentials();
            DtlsServer server = new DtlsServer(this);
            if (setup.listenAtStart()) {
                server.startListening();
            }
            return server;
        }

        /** Like {@link #start()}, for code that cannot throw checked exceptions. */
        public DtlsServer startUnchecked() {
            try {
                return start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
