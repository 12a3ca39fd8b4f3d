package io.dtlskit;

import io.dtlskit.internal.Counters;
import io.dtlskit.internal.KeyLog;
import io.dtlskit.internal.PeerSettings;
import io.dtlskit.internal.Reactor;
import io.dtlskit.internal.Records;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.crypto.TlsCrypto;
import io.dtlskit.internal.LeanCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The companion DTLS server of Qt's example (spec section 4): one UDP socket, a stateless cookie check
 * before any per-peer state (RFC 6347 §4.2.1), one association per peer address in a hash map, any PSK
 * identity accepted with the one key, and {@code to (<addr>:<port>): ACK} for every non-empty datagram.
 * Beyond Qt: limits on associations and handshakes, an idle timeout, and a fresh ClientHello from a known
 * address replaces that address's association after the cookie check (RFC 6347 §4.2.8).
 */
public final class DtlsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DtlsServer.class);
    static final int MAX_DATAGRAM = 65_535;
    static final int RECEIVE_BUFFER = 4 << 20;

    private final Builder config;
    private final TlsCrypto crypto = new LeanCrypto(new SecureRandom());
    private final DTLSVerifier verifier;
    private final Map<InetSocketAddress, ServerSession> sessions = new ConcurrentHashMap<>();
    /** Handshakes under way that will replace an established association when they complete. */
    private final Map<InetSocketAddress, ServerSession> successors = new ConcurrentHashMap<>();
    private final AtomicInteger handshaking = new AtomicInteger();
    private final Counters counters = new Counters();
    private final LongAdder helloVerifyRequests = new LongAdder();
    private final LongAdder handshakesCompleted = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();
    private final ThreadFactory threads = Thread.ofVirtual().name("dtlskit-server-session-", 0).factory();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final DatagramChannel channel;
    private final Reactor reactor;
    private final KeyLog keyLog;
    private final PeerSettings peerSettings;
    private volatile boolean listening;
    private volatile boolean closed;

    private DtlsServer(Builder builder) throws IOException {
        Builder b = builder.copy(); // later changes to the builder do not reach a running server
        this.config = b;
        this.verifier = new DTLSVerifier(crypto);
        try {
            this.keyLog = b.keyLogFile == null ? null : KeyLog.append(b.keyLogFile);
        } catch (IOException e) {
            throw new IOException("cannot open key log " + b.keyLogFile + ": " + io.dtlskit.internal.OsReason.of(e), e);
        }
        this.peerSettings = new PeerSettings(b.cipherSuites, (int) b.handshakeTimeout.toMillis(),
                (int) b.initialRetransmit.toMillis(), keyLog);
        InetAddress address = b.bind.getAddress();
        this.channel = DatagramChannel.open(address instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            // One socket carries every peer: with the kernel's default (208 KiB on Linux) a burst from a
            // few hundred peers overflows it while the reactor is descheduled, and the kernel drops
            // datagrams silently (RcvbufErrors). Ask for 4 MiB; the kernel caps it at net.core.rmem_max.
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(b.bind);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            if (keyLog != null) {
                keyLog.close();
            }
            throw new IOException("cannot bind " + io.dtlskit.internal.Addresses.hostPort(b.bind) + ": " + e.getMessage(), e);
        }
        this.reactor = new Reactor("dtlskit-server-reactor");
        try {
            SelectionKey ignored = reactor.register(channel, this::drain).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            reactor.close();
            channel.close();
            throw new IOException("cannot register the server socket: " + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (with the real port when bound to port 0). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return config.bind;
        }
    }

    /** Accepts new peers again (Qt's "Start listening"). */
    public void startListening() {
        if (closed) {
            throw new IllegalStateException("server is shut down");
        }
        listening = true;
        emit(new ServerEvent.Listening(now(), localAddress()));
    }

    /** Stops accepting new peers; existing associations keep working (Qt's "Stop listening"). */
    public void stopListening() {
        listening = false;
        emit(new ServerEvent.NotAccepting(now()));
    }

    public boolean isListening() {
        return listening;
    }

    public ServerStats stats() {
        return new ServerStats(listening, sessions.size(), handshaking.get(), counters.datagramsReceived(),
                counters.datagramsSent(), helloVerifyRequests.sum(), handshakesCompleted.sum(), handshakesFailed.sum(),
                counters.dropped());
    }

    /** A snapshot of every known peer. */
    public List<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        for (ServerSession s : sessions.values()) {
            out.add(s.info());
        }
        return out;
    }

    /**
     * Shuts down: stops listening, sends close_notify to every peer (Qt's "Quit"), waits (bounded) for
     * their sessions to end, and closes the socket and the reactor thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listening = false;
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        int notified = 0;
        for (ServerSession s : successors.values()) {
            s.shutdown();
            ends.add(s.terminated());
        }
        for (ServerSession s : sessions.values()) {
            if (s.shutdown()) {
                notified++;
            }
            ends.add(s.terminated());
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a stuck session is abandoned with the socket below
        }
        reactor.close();
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
        emit(new ServerEvent.ShutDown(now(), notified));
    }

    // ---------------------------------------------------------------- reactor thread

    private void drain(DatagramChannel ch) throws IOException {
        while (true) {
            readBuffer.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(readBuffer);
            if (from == null) {
                return;
            }
            int n = readBuffer.position();
            counters.received(n);
            byte[] d = new byte[n];
            readBuffer.flip().get(d);
            try {
                dispatch(from, d, n);
            } catch (RuntimeException e) {
                // Hostile input must never reach further than its own datagram.
                counters.drop(DropReason.MALFORMED);
                log.debug("datagram from {} dropped: {}", from, e.toString());
            }
        }
    }

    private void dispatch(InetSocketAddress from, byte[] d, int n) {
        if (n > config.maxDatagram) {
            counters.drop(DropReason.OVERSIZE);
            return;
        }
        DropReason bad = Records.check(d, n, config.maxHandshakeMessage);
        if (bad != null) {
            counters.drop(bad);
            return;
        }
        ServerSession known = sessions.get(from);
        boolean hello = Records.isClientHello(d, n);
        ServerSession successor = successors.get(from);
        if (successor != null) {
            // A handshake that may replace `known` is under way. A datagram may belong to either: the
            // new handshake, or the old association (application data, or the client's last flight sent
            // again because our Finished was lost). Both get it; each engine keeps what is its own and
            // drops the rest (wrong message sequence, bad MAC, replay window).
            if (!successor.offer(d)) {
                counters.drop(DropReason.QUEUE_FULL);
            }
            if (known != null) {
                known.offer(d);
            }
            return;
        }
        if (known != null && hello && known.isCopyOfItsClientHello(d)) {
            // A late duplicate or a replay of the ClientHello that made this association: not a new
            // handshake (a restarted client sends a fresh random).
            known.offer(d);
            return;
        }
        if (known != null && !(hello && known.isEstablished())) {
            if (!known.offer(d)) {
                counters.drop(DropReason.QUEUE_FULL);
            }
            return;
        }
        if (known == null && !listening) {
            counters.drop(DropReason.NOT_LISTENING); // Qt ignores unknown peers silently when not listening
            return;
        }
        if (!hello) {
            counters.drop(DropReason.UNKNOWN_PEER);
            return;
        }
        if ((known == null && sessions.size() >= config.maxAssociations) || handshaking.get() >= config.maxHandshakes) {
            counters.drop(DropReason.LIMIT_REACHED);
            return;
        }
        boolean[] verifySent = new boolean[1];
        DatagramSender sender = new DatagramSender() {
            @Override
            public int getSendLimit() {
                return config.mtu - 48;
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                verifySent[0] = true;
                sendTo(from, buf, off, len);
            }
        };
        // Stateless cookie exchange: nothing is kept for this peer until it returns our cookie.
        DTLSRequest request = verifier.verifyRequest(clientId(from), d, 0, n, sender);
        if (request == null) {
            if (verifySent[0]) {
                helloVerifyRequests.increment();
                emit(new ServerEvent.HelloVerifySent(now(), from));
            } else {
                counters.drop(DropReason.MALFORMED);
            }
            return;
        }
        emit(new ServerEvent.PeerVerified(now(), from));
        ServerSession session = new ServerSession(this, from, request, Records.clientHelloRandom(d));
        if (known != null) {
            // RFC 6347 §4.2.8: a known address starts a new handshake, as a client that lost its state
            // does. The old association MUST NOT go before the client has shown it is reachable, and a
            // replayed ClientHello with a valid cookie (our cookies do not expire) must not end it: the
            // new handshake runs beside it and replaces it only when it completes.
            successors.put(from, session);
        } else {
            sessions.put(from, session);
        }
        handshaking.incrementAndGet();
        threads.newThread(session::run).start();
    }

    /** A session's handshake completed: if it was a successor, it now replaces the old association. */
    void established(InetSocketAddress peer, ServerSession session) {
        if (successors.remove(peer, session)) {
            ServerSession old = sessions.put(peer, session);
            if (old != null) {
                old.abandon();
            }
            emit(new ServerEvent.PeerReplaced(now(), peer));
        }
    }

    private static byte[] clientId(InetSocketAddress from) {
        byte[] a = from.getAddress().getAddress();
        byte[] id = new byte[a.length + 2];
        System.arraycopy(a, 0, id, 0, a.length);
        id[a.length] = (byte) (from.getPort() >> 8);
        id[a.length + 1] = (byte) from.getPort();
        return id;
    }

    // ---------------------------------------------------------------- for sessions

    void sendTo(InetSocketAddress to, byte[] buf, int off, int len) throws IOException {
        channel.send(ByteBuffer.wrap(buf, off, len), to);
        counters.sent(len);
    }

    void handshakeEnded(boolean success) {
        handshaking.decrementAndGet();
        (success ? handshakesCompleted : handshakesFailed).increment();
    }

    void forget(InetSocketAddress peer, ServerSession session) {
        sessions.remove(peer, session);
        successors.remove(peer, session);
    }

    void drop(DropReason reason) {
        counters.drop(reason);
    }

    Builder config() {
        return config;
    }

    TlsCrypto crypto() {
        return crypto;
    }

    PeerSettings peerSettings() {
        return peerSettings;
    }

    Instant now() {
        return config.clock.instant();
    }

    void emit(ServerEvent event) {
        try {
            config.listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("server listener threw on {}: {}", event.kind(), e.toString(), e);
        }
    }

    /** Server settings. Setters validate at once and name the bad value. */
    public static final class Builder {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 22334);
        PskKey pskKey = PskKey.qtExample();
        String identityHint = "Qt DTLS example server";
        List<CipherSuite> cipherSuites = CipherSuite.defaults();
        Duration handshakeTimeout = Duration.ofSeconds(60);
        Duration initialRetransmit = Duration.ofSeconds(1);
        Duration idleTimeout = Duration.ofMinutes(10);
        int maxAssociations = 100_000;
        int maxHandshakes = 10_000;
        int maxDatagram = 16_384 + 2_048;
        int maxHandshakeMessage = 16 * 1024;
        int mtu = 1400;
        int inboundQueue = 64;
        boolean listenAtStart = true;
        ServerListener listener = ServerListener.NONE;
        Clock clock = Clock.systemUTC();
        Path keyLogFile;

        private Builder() {
        }

        Builder copy() {
            Builder b = new Builder();
            b.bind = bind;
            b.pskKey = pskKey;
            b.identityHint = identityHint;
            b.cipherSuites = cipherSuites;
            b.handshakeTimeout = handshakeTimeout;
            b.initialRetransmit = initialRetransmit;
            b.idleTimeout = idleTimeout;
            b.maxAssociations = maxAssociations;
            b.maxHandshakes = maxHandshakes;
            b.maxDatagram = maxDatagram;
            b.maxHandshakeMessage = maxHandshakeMessage;
            b.mtu = mtu;
            b.inboundQueue = inboundQueue;
            b.listenAtStart = listenAtStart;
            b.listener = listener;
            b.clock = clock;
            b.keyLogFile = keyLogFile;
            return b;
        }

        /** If unset: 127.0.0.1:22334. Port 0 picks a free port (see {@link #localAddress()}). */
        public Builder bind(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("bind address " + address + " is unresolved");
            }
            this.bind = address;
            return this;
        }

        /** If unset: Qt's key. */
        public Builder pskKey(PskKey key) {
            this.pskKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** If unset: {@code Qt DTLS example server}. Never empty (GnuTLS clients crash on an empty hint). */
        public Builder identityHint(String hint) {
            if (hint == null || hint.isEmpty()) {
                throw new IllegalArgumentException("identity hint must not be empty");
            }
            this.identityHint = hint;
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> suites) {
            if (suites == null || suites.isEmpty()) {
                throw new IllegalArgumentException("at least one cipher suite is required");
            }
            this.cipherSuites = List.copyOf(suites);
            return this;
        }

        /** A handshake that stalls this long is dropped. If unset: 60 s. */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("handshake timeout must be positive, was " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** If unset: 1 s. */
        public Builder initialRetransmit(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("initial retransmission timeout must be positive, was " + timeout);
            }
            this.initialRetransmit = timeout;
            return this;
        }

        /** An association silent this long is closed with close_notify. If unset: 10 min. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("idle timeout must be positive, was " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** New peers beyond this many associations are refused and counted. If unset: 100,000. */
        public Builder maxAssociations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max associations must be >= 1, was " + max);
            }
            this.maxAssociations = max;
            return this;
        }

        /** New peers while this many handshakes run are refused and counted. If unset: 10,000. */
        public Builder maxHandshakes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max handshakes must be >= 1, was " + max);
            }
            this.maxHandshakes = max;
            return this;
        }

        /** Larger datagrams are dropped unread. If unset: 18,432 bytes (one full record plus slack). */
        public Builder maxDatagram(int bytes) {
            if (bytes < 64 || bytes > MAX_DATAGRAM) {
                throw new IllegalArgumentException("max datagram must be 64 to 65535 bytes, was " + bytes);
            }
            this.maxDatagram = bytes;
            return this;
        }

        /** If unset: 1400. */
        public Builder mtu(int mtu) {
            if (mtu < 256 || mtu > 65535) {
                throw new IllegalArgumentException("MTU must be 256 to 65535, was " + mtu);
            }
            this.mtu = mtu;
            return this;
        }

        /** If false, the server starts bound but not accepting new peers. If unset: true. */
        public Builder listenAtStart(boolean listen) {
            this.listenAtStart = listen;
            return this;
        }

        public Builder listener(ServerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Append NSS key log lines for Wireshark to this file. If unset: none. */
        public Builder keyLog(Path file) {
            this.keyLogFile = file;
            return this;
        }

        /**
         * Binds the socket and, unless {@link #listenAtStart(boolean) listenAtStart(false)}, starts
         * listening.
         *
         * @throws IOException if the address cannot be bound (message names the address)
         */
        public DtlsServer start() throws IOException {
            DtlsServer server = new DtlsServer(this);
            if (listenAtStart) {
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
