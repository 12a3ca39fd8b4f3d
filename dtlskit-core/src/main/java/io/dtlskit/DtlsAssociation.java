package io.dtlskit;

import io.dtlskit.internal.ClientPeer;
import io.dtlskit.internal.Counters;
import io.dtlskit.internal.PeerSettings;
import io.dtlskit.internal.QueueTransport;
import io.dtlskit.internal.Records;
import io.dtlskit.internal.RoundTrips;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client-side DTLS association: Qt's {@code DtlsAssociation}. It owns a UDP socket connected to
 * one server, runs the handshake (cookie exchange included), then pings every interval with
 * {@code I am <name>, please, accept our ping <n>} and reports each reply. Everything it does is an
 * {@link AssociationEvent}; failures name the association and say why.
 *
 * <p>Created by {@link DtlsClient#connect}. Thread-safe: {@link #send}, {@link #close} and the
 * accessors may be called from any thread.
 */
public final class DtlsAssociation {
    private static final Logger log = LoggerFactory.getLogger(DtlsAssociation.class);
    private static final Object PORT_UNREACHABLE = new Object();
    /** Queued to wake the association's thread for events that other threads produced. */
    private static final Object DELIVER_EVENTS = new Object();
    /**
     * Largest datagram handed to the engine: one largest DTLS 1.2 record (RFC 6347 §4.1: 13-byte header
     * plus 2^14 + 2048 bytes). Bouncy Castle allocates a buffer of this size on every receive call, so
     * 64 KiB here cost 64 KiB of garbage per datagram.
     */
    private static final int MAX_DATAGRAM = 13 + 16_384 + 2_048;

    /**
     * While a dead server is pinged, "server answered none" is repeated every ten ping intervals,
     * but never more often than once a second nor less often than every 30 s.
     */
    private static long unansweredWarningGapNanos(Duration pingInterval) {
        long tenPings = pingInterval.toNanos() * 10;
        return Math.clamp(tenPings, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(30));
    }
    private final DtlsClient client;
    private final DtlsClient.Builder config;
    private final String name;
    private final InetSocketAddress server;
    private final String pskIdentity;
    private final PskKey pskKey;
    private final InetSocketAddress localBind;
    private final AssociationListener listener;
    private final ReentrantLock emitLock = new ReentrantLock();
    private final java.util.Queue<AssociationEvent> fromOtherThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    /**
     * Serialises Bouncy Castle's close (close_notify, then transport close) between close() and the
     * association's thread: whichever sees the close request first sends close_notify, the other's
     * close is then a no-op. Without it the association thread could close the transport while
     * close() was still about to send close_notify into it.
     */
    private final ReentrantLock closeLock = new ReentrantLock();
    private final CompletableFuture<HandshakeResult> handshake = new CompletableFuture<>();
    private final CompletableFuture<AssociationState> terminated = new CompletableFuture<>();
    private final Counters counters = new Counters();
    private final RoundTrips roundTrips = new RoundTrips(256);

    private volatile AssociationState state = AssociationState.CONNECTING;
    private volatile boolean closeRequested;
    private volatile boolean aborted;
    private volatile boolean peerClosed;
    private volatile boolean peerLost;
    private int unansweredPings;
    private final java.util.concurrent.CountDownLatch closeSignal = new java.util.concurrent.CountDownLatch(1);
    private volatile DatagramChannel channel;
    private volatile QueueTransport transport;
    private volatile ClientPeer peer;
    private volatile DTLSTransport dtls;
    private volatile HandshakeResult result;

    // Handshake bookkeeping, touched only by the association's thread.
    private long handshakeStartNanos;
    private int retransmissions;
    private boolean timeoutPending;
    private long flightSentNanos;
    private String lastStep = "socket connected";
    private String identityHint;
    private boolean portUnreachable;
    /** ICMP port unreachable answers since the server's last datagram; association thread only. */
    private int unreachableInARow;
    private boolean gaveUpUnreachable;
    private volatile byte[] lastDatagram;
    private volatile long lastPingNanos;
    private volatile boolean lastPingAnswered = true;
    private volatile long pingsSent;

    DtlsAssociation(DtlsClient client, String name, InetSocketAddress server, String pskIdentity, PskKey pskKey,
                    InetSocketAddress localBind, AssociationListener listener) {
        this.client = client;
        this.config = client.config();
        this.name = name;
        this.server = server;
        this.pskIdentity = pskIdentity;
        this.pskKey = pskKey;
        this.localBind = localBind;
        this.listener = listener;
    }

    void start(ThreadFactory threads) {
        threads.newThread(this::run).start();
    }

    public String name() {
        return name;
    }

    public InetSocketAddress server() {
        return server;
    }

    public AssociationState state() {
        return state;
    }

    /** Completes when the connection is encrypted; fails with a {@link DtlsException} saying why not. */
    public CompletableFuture<HandshakeResult> handshake() {
        return handshake;
    }

    /** Completes with the final state once the association has ended and its socket is closed. */
    public CompletableFuture<AssociationState> terminated() {
        return terminated;
    }

    /** The local address of the socket, or null before it is bound. */
    public InetSocketAddress localAddress() {
        DatagramChannel ch = channel;
        try {
            return ch == null ? null : (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    public AssociationStats stats() {
        HandshakeResult r = result;
        return new AssociationStats(name, state, r == null ? null : r.cipherSuite(), r == null ? null : r.elapsed(),
                retransmissionsSoFar(), pingsSent, counters.repliesReceived(), counters.datagramsSent(),
                counters.datagramsReceived(), counters.bytesSent(), counters.bytesReceived(), counters.dropped(),
                roundTrips.last(), roundTrips.median());
    }

    private int retransmissionsSoFar() {
        HandshakeResult r = result;
        return r != null ? r.retransmissions() : counters.retransmissions();
    }

    /**
     * Encrypts and sends one datagram of application data.
     *
     * @throws AssociationClosedException if not (or no longer) encrypted
     * @throws IllegalArgumentException if larger than one record can carry at the configured MTU
     */
    public void send(byte[] data) throws DtlsException {
        DTLSTransport t = dtls;
        if (t == null || state != AssociationState.ENCRYPTED) {
            throw new AssociationClosedException(name, name + ": cannot send, association is " + state);
        }
        try {
            int limit = t.getSendLimit();
            // Larger than the limit would fail the whole association (engine notes, pitfall 8).
            if (data.length > limit) {
                throw new IllegalArgumentException(name + ": " + data.length + " bytes exceed the send limit of "
                        + limit + " bytes per datagram");
            }
            t.send(data, 0, data.length);
        } catch (IOException e) {
            throw new TransportException(name, name + ": failed to send - " + e.getMessage(), e);
        }
    }

    /**
     * Shuts down: close_notify if encrypted, user_canceled during a handshake. Returns at once; the
     * {@link #terminated()} future and the {@link AssociationEvent.Closed} event follow.
     */
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        closeSignal.countDown();
        try {
            DTLSTransport t = dtls;
            ClientPeer p = peer;
            if (t != null) {
                closeDtls(t); // sends close_notify (RFC 5246 §7.2.1), then closes our transport
            } else if (p != null) {
                p.cancel(); // user_canceled during the handshake
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: close: {}", name, e.toString());
        }
        QueueTransport q = transport;
        if (q != null) {
            q.close();
        }
    }

    /**
     * Drops the association at once without telling the server (no close_notify), as a device that
     * loses power would. The server keeps its state until its idle timeout or until a new handshake
     * from the same address replaces it (RFC 6347 §4.2.8).
     */
    public void abort() {
        if (closeRequested) {
            return;
        }
        aborted = true;
        closeRequested = true;
        closeSignal.countDown();
        QueueTransport q = transport;
        if (q != null) {
            q.close(); // the engine sees a closed transport; nothing more is sent
        }
    }

    @Override
    public String toString() {
        return "DtlsAssociation[" + name + " -> " + io.dtlskit.internal.Addresses.hostPort(server) + ", " + state + "]";
    }

    // ---------------------------------------------------------------- the association's thread

    private void run() {
        thread = Thread.currentThread();
        AssociationState finalState = AssociationState.CLOSED;
        String reason = "closed by the application";
        SelectionKey key = null;
        try {
            key = openSocket();
            int attempt = 0;
            while (true) {
                String why;
                try {
                    DTLSTransport connected = handshakeOnce();
                    attempt = 0;
                    reason = exchange(connected);
                    if (closeRequested || !config.reconnect || !(peerLost || peerClosed)) {
                        break;
                    }
                    why = reason;
                } catch (DtlsException e) {
                    if (closeRequested || !config.reconnect) {
                        throw e;
                    }
                    why = e.getMessage();
                    emit(new AssociationEvent.Warning(now(), name, "association lost - " + why));
                }
                attempt++;
                Duration delay = backoff(attempt);
                emit(new AssociationEvent.Reconnecting(now(), name, attempt, delay, why));
                if (closeSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    break; // closed while waiting
                }
            }
        } catch (DtlsException e) {
            if (closeRequested && !(e instanceof TransportException && state == AssociationState.CONNECTING)) {
                reason = closedReason();
                handshake.completeExceptionally(new AssociationClosedException(name, name + ": " + reason));
            } else {
                finalState = AssociationState.FAILED;
                reason = e.getMessage();
                emit(new AssociationEvent.Failed(now(), name, e));
                handshake.completeExceptionally(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
            handshake.completeExceptionally(new AssociationClosedException(name, name + ": interrupted"));
        } catch (RuntimeException | Error e) {
            finalState = AssociationState.FAILED;
            reason = "internal error: " + e;
            log.error("{}: internal error", name, e);
            DtlsException wrapped = new TransportException(name, name + ": internal error - " + e, e);
            emit(new AssociationEvent.Failed(now(), name, wrapped));
            handshake.completeExceptionally(wrapped);
        } finally {
            release(key);
            state = finalState;
            emit(new AssociationEvent.Closed(now(), name, finalState, reason));
            client.forget(this);
            terminated.complete(finalState);
        }
    }

    /** Opens the connected socket and registers it with the reactor (Qt: "connecting UDP socket first"). */
    private SelectionKey openSocket() throws DtlsException {
        try {
            emit(new AssociationEvent.Info(now(), name, "connecting UDP socket first ..."));
            channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            if (localBind != null) {
                channel.bind(localBind);
            }
            // A connected socket: only the server's datagrams are delivered (spec section 2).
            channel.connect(server);
            SelectionKey key = client.reactor().register(channel, this::drain).get(5, TimeUnit.SECONDS);
            emit(new AssociationEvent.Info(now(), name, "UDP socket is now in ConnectedState, continue with handshake ..."));
            return key;
        } catch (Exception e) {
            throw new TransportException(name, name + ": failed to start a handshake - " + describe(e), e);
        }
    }

    /**
     * One full handshake on the open socket, with a fresh transport (a failed engine closes its own).
     * The socket, and so the local port, stays the same across reconnections, so a server that still
     * holds the old association replaces it after the cookie check (RFC 6347 §4.2.8).
     */
    private DTLSTransport handshakeOnce() throws DtlsException {
        if (closeRequested) {
            throw new AssociationClosedException(name, name + ": closed before the handshake started");
        }
        transport = new QueueTransport(config.inboundQueue, MAX_DATAGRAM, config.mtu - headerOverhead(), this::write,
                new Observer());
        dtls = null;
        peerClosed = false;
        peerLost = false;
        retransmissions = 0;
        timeoutPending = false;
        identityHint = null;
        unreachableInARow = 0;
        gaveUpUnreachable = false;
        state = AssociationState.HANDSHAKING;
        handshakeStartNanos = System.nanoTime();
        flightSentNanos = handshakeStartNanos;
        emit(new AssociationEvent.HandshakeStarted(now(), name, server));
        lastStep = "ClientHello sent";
        peer = new ClientPeer(client.crypto(), pskIdentity, pskKey,
                new PeerSettings(config.cipherSuites, (int) config.handshakeTimeout.toMillis(),
                        (int) config.initialRetransmit.toMillis(), client.keyLog()),
                new PeerCallbacks());
        DTLSTransport connected;
        try {
            connected = new DTLSClientProtocol().connect(peer, transport);
        } catch (IOException | RuntimeException e) {
            throw handshakeFailure(e);
        }
        try {
            transport.handshakeDone();
        } catch (IOException e) {
            throw handshakeFailure(e);
        }
        long elapsed = System.nanoTime() - handshakeStartNanos;
        result = new HandshakeResult(name, server, CipherSuite.nameOf(peer.negotiatedCipherSuite()), "DTLS 1.2",
                Duration.ofNanos(elapsed), retransmissions, identityHint);
        dtls = connected;
        if (closeRequested) {
            closeQuietly(connected);
            throw new AssociationClosedException(name, name + ": closed during the handshake");
        }
        state = AssociationState.ENCRYPTED;
        emit(new AssociationEvent.HandshakeCompleted(now(), name, result));
        handshake.complete(result);
        return connected;
    }

    /** Reconnection delay: the initial backoff doubled per attempt, capped. */
    private Duration backoff(int attempt) {
        Duration d = config.reconnectInitial;
        for (int i = 1; i < attempt && d.compareTo(config.reconnectMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.reconnectMax) > 0 ? config.reconnectMax : d;
    }

    /** The encrypted phase: pings on schedule, replies reported, until closed. Returns the reason. */
    private String exchange(DTLSTransport t) throws DtlsException {
        long intervalNanos = config.pingInterval.toNanos();
        boolean pinging = intervalNanos > 0;
        long nextPing = System.nanoTime(); // the first ping goes out at once (spec section 2)
        unansweredPings = 0;                // a new handshake starts with a clean slate
        long lastUnansweredWarning = System.nanoTime();
        long warningGap = unansweredWarningGapNanos(config.pingInterval);
        lastPingAnswered = true;
        while (true) {
            if (closeRequested) {
                if (!aborted) {
                    // close() may not have sent close_notify yet: send it from here, before run()
                    // releases the transport (the other call is then a no-op).
                    closeQuietly(t);
                }
                return closedReason();
            }
            long now = System.nanoTime();
            if (pinging && (config.maxPings == 0 || pingsSent < config.maxPings) && now - nextPing >= 0) {
                if (!lastPingAnswered && ++unansweredPings >= config.unansweredPingsLimit) {
                    if (config.reconnect) {
                        peerLost = true;
                        return "server answered none of the last " + unansweredPings + " pings";
                    }
                    // Without reconnect the pings go on; so do the warnings, at a bounded rate, so a
                    // dead server is never silent and never floods.
                    if (unansweredPings == config.unansweredPingsLimit
                            || now - lastUnansweredWarning >= warningGap) {
                        lastUnansweredWarning = now;
                        emit(new AssociationEvent.Warning(now(), name, "server answered none of the last "
                                + unansweredPings + " pings"));
                    }
                }
                sendPing(t);
                nextPing = Math.max(nextPing + intervalNanos, now + intervalNanos / 2);
            }
            boolean morePings = pinging && (config.maxPings == 0 || pingsSent < config.maxPings);
            int wait = morePings ? (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextPing - System.nanoTime()) + 1) : 0;
            byte[] plain;
            try {
                plain = transport.receiveApplicationData(t, wait); // holds no buffer while idle
            } catch (TlsFatalAlertReceived e) {
                throw new AlertException(name, name + ": fatal alert received - " + ClientPeer.alertName(e.getAlertDescription()),
                        ClientPeer.alertName(e.getAlertDescription()), true, e);
            } catch (IOException e) {
                if (peerClosed) {
                    return "close_notify received";
                }
                if (closeRequested) {
                    return closedReason();
                }
                throw new TransportException(name, name + ": receive failed - " + describe(e), e);
            }
            int n = plain == null ? -1 : plain.length;
            if (n > 0) {
                counters.replyReceived();
                Duration rtt = null;
                unansweredPings = 0;
                if (!lastPingAnswered) {
                    // Replies carry no ping number; we time the latest ping, which at ping intervals
                    // far above the round trip is the one answered.
                    lastPingAnswered = true;
                    rtt = Duration.ofNanos(System.nanoTime() - lastPingNanos);
                    roundTrips.add(rtt);
                }
                byte[] raw = lastDatagram;
                emit(new AssociationEvent.ServerResponse(now(), name, raw == null ? new byte[0] : raw, plain, rtt));
            } else if (n == 0) {
                emit(new AssociationEvent.Warning(now(), name, "zero-length datagram received?"));
            }
        }
    }

    private String closedReason() {
        return aborted ? "aborted by the application (no close_notify)" : "closed by the application";
    }

    private void sendPing(DTLSTransport t) throws DtlsException {
        long number = pingsSent;
        String text = "I am " + name + ", please, accept our ping " + number;
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        try {
            lastPingNanos = System.nanoTime();
            lastPingAnswered = false;
            t.send(data, 0, data.length);
        } catch (IOException e) {
            throw new TransportException(name, name + ": failed to send a ping - " + describe(e), e);
        }
        pingsSent = number + 1;
        emit(new AssociationEvent.PingSent(now(), name, number, text));
    }

    private DtlsException handshakeFailure(Throwable e) {
        if (closeRequested) {
            return new AssociationClosedException(name, name + ": closed during the handshake");
        }
        if (gaveUpUnreachable) {
            return new TransportException(name, name + ": no server on " + io.dtlskit.internal.Addresses.hostPort(server)
                    + ": ICMP port unreachable " + unreachableInARow + " times in a row, gave up after "
                    + retransmissions + " retransmission(s) (is the server running, and is the port right?)", e);
        }
        if (e instanceof TlsTimeoutException) {
            String hint;
            QueueTransport q = transport;
            if ("PSK provided".equals(lastStep) && q != null && q.peerChangedCipher()) {
                // The server's ChangeCipherSpec means it accepted our Finished: the key was right.
                hint = "the server's Finished never got through: a lossy network?";
            } else if ("PSK provided".equals(lastStep)) {
                hint = "the server never answered our Finished: wrong PSK key or identity?";
            } else if (portUnreachable) {
                hint = "ICMP port unreachable: nothing listens on " + io.dtlskit.internal.Addresses.hostPort(server);
            } else if (counters.datagramsReceived() == 0) {
                hint = "no answer at all: is a DTLS server listening on " + io.dtlskit.internal.Addresses.hostPort(server) + "?";
            } else {
                hint = null;
            }
            return new HandshakeTimeoutException(name, config.handshakeTimeout, retransmissions, lastStep, hint);
        }
        if (e instanceof TlsFatalAlertReceived received) {
            String alert = ClientPeer.alertName(received.getAlertDescription());
            return new AlertException(name, name + ": handshake error - server sent fatal alert " + alert
                    + pskHint(received.getAlertDescription()), alert, true, e);
        }
        if (e instanceof TlsFatalAlert raised) {
            String alert = ClientPeer.alertName(raised.getAlertDescription());
            Throwable cause = raised.getCause();
            String detail = cause != null ? describe(cause) : raised.getMessage();
            return new AlertException(name, name + ": handshake error - " + alert
                    + (detail != null && !detail.startsWith(alert) ? " (" + detail + ")" : ""), alert, false, e);
        }
        return new TransportException(name, name + ": handshake error - " + describe(e), e);
    }

    private static String pskHint(short description) {
        return switch (description) {
            case AlertDescription.decrypt_error, AlertDescription.bad_record_mac, AlertDescription.handshake_failure ->
                    " (wrong PSK key?)";
            case AlertDescription.unknown_psk_identity -> " (the server does not know our PSK identity)";
            default -> "";
        };
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private int headerOverhead() {
        return server.getAddress() instanceof java.net.Inet6Address ? 48 : 28;
    }

    private void closeQuietly(DTLSTransport t) {
        try {
            closeDtls(t);
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void closeDtls(DTLSTransport t) throws IOException {
        closeLock.lock();
        try {
            t.close(); // Bouncy Castle's close is idempotent once it has run to the end
        } finally {
            closeLock.unlock();
        }
    }

    private void release(SelectionKey key) {
        QueueTransport q = transport;
        if (q != null) {
            q.close();
        }
        DatagramChannel ch = channel;
        if (ch != null) {
            try {
                // Wait until the socket is really closed, so terminated() means the port is free.
                client.reactor().closeChannel(key, ch).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("{}: socket close: {}", name, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- I/O

    /** Reactor thread: drain the socket into the association's queue. */
    private void drain(DatagramChannel ch) throws IOException {
        ByteBuffer buffer = client.reactor().readBuffer(); // reactor thread only: one buffer for all
        while (true) {
            buffer.clear();
            int n;
            try {
                n = ch.read(buffer);
            } catch (PortUnreachableException e) {
                // ICMP port unreachable for an earlier datagram: nobody listens there (yet).
                QueueTransport q = transport;
                if (q != null) {
                    q.offerNotice(PORT_UNREACHABLE);
                }
                continue;
            }
            if (n <= 0) {
                return;
            }
            if (n > MAX_DATAGRAM) {
                counters.drop(DropReason.OVERSIZE);
                continue;
            }
            byte[] d = new byte[n];
            buffer.flip().get(d);
            DropReason bad = Records.check(d, n, config.maxHandshakeMessage);
            QueueTransport q = transport;
            if (bad != null) {
                counters.drop(bad);
            } else if (q == null || q.isClosed()) {
                // Between two handshakes or after the end, e.g. the server's close_notify answering
                // ours (RFC 5246 §7.2.1): nothing is wrong, and there is no one left to tell.
                continue;
            } else if (!q.offer(d)) {
                counters.drop(DropReason.QUEUE_FULL);
            }
        }
    }

    /** Engine thread (or a sender's): one datagram out. Transient socket errors count as loss. */
    private void write(byte[] buf, int off, int len) throws IOException {
        try {
            channel.write(ByteBuffer.wrap(buf, off, len));
        } catch (PortUnreachableException e) {
            // The datagram is lost like any other; retransmission covers it, up to the limit.
            portUnreachable = true;
            if (Thread.currentThread() == thread) {
                unreachable();
            }
        }
    }

    private final class Observer implements QueueTransport.Observer {
        @Override
        public void received(byte[] datagram) {
            unreachableInARow = 0;
            counters.received(datagram.length);
            lastDatagram = datagram;
            emit(new AssociationEvent.DatagramReceived(now(), name, datagram.length));
            if (state == AssociationState.HANDSHAKING) {
                timeoutPending = false;
                emit(new AssociationEvent.HandshakeContinued(now(), name, datagram.length));
            }
        }

        @Override
        public void timedOut(int waitMillis) {
            if (state == AssociationState.HANDSHAKING) {
                timeoutPending = true; // Bouncy Castle resends its flight after a receive timeout
            }
        }

        @Override
        public void sent(int bytes) {
            counters.sent(bytes);
            if (state == AssociationState.HANDSHAKING) {
                long now = System.nanoTime();
                if (timeoutPending) {
                    timeoutPending = false;
                    retransmissions++;
                    counters.retransmitted();
                    emit(new AssociationEvent.Retransmission(now(), name, retransmissions,
                            Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(now - flightSentNanos))));
                }
                flightSentNanos = now;
            }
            emit(new AssociationEvent.DatagramSent(now(), name, bytes));
        }

        @Override
        public void notice(Object marker) {
            if (marker == DELIVER_EVENTS) {
                deliverFromOtherThreads();
            } else if (marker == PORT_UNREACHABLE) {
                if (!portUnreachable) {
                    portUnreachable = true;
                    emit(new AssociationEvent.Warning(now(), name, "ICMP port unreachable from "
                            + io.dtlskit.internal.Addresses.hostPort(server) + ": no server listening (yet)?"));
                }
                unreachable();
            }
        }
    }

    /**
     * One more ICMP port unreachable (association thread). During a handshake, enough of them in a
     * row end it at once: closing the transport makes the engine's receive fail, and
     * {@link #handshakeFailure} gives the reason.
     */
    private void unreachable() {
        unreachableInARow++;
        int limit = config.portUnreachableLimit;
        QueueTransport q = transport;
        if (limit > 0 && unreachableInARow >= limit && state == AssociationState.HANDSHAKING && q != null
                && !gaveUpUnreachable) {
            gaveUpUnreachable = true;
            q.close();
        }
    }

    private final class PeerCallbacks implements ClientPeer.Callbacks {
        @Override
        public void identityHint(String hint) {
            identityHint = hint;
            emit(new AssociationEvent.IdentityHint(now(), name, hint));
        }

        @Override
        public void pskProvided(String identity) {
            lastStep = "PSK provided";
            emit(new AssociationEvent.PskProvided(now(), name, identity));
        }

        @Override
        public void alertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                peerClosed = true; // pings stop; the receive loop ends when the engine closes (spec section 2)
            }
            emit(new AssociationEvent.AlertReceived(now(), name, level == AlertLevel.fatal,
                    ClientPeer.alertName(description)));
        }

        @Override
        public void alertRaised(short level, short description, String message) {
            log.debug("{}: raised alert {} {}", name, description, message);
        }

        @Override
        public void sideWarning(String text) {
            emit(new AssociationEvent.Warning(now(), name, text));
        }
    }

    private java.time.Instant now() {
        return config.clock.instant();
    }

    /**
     * Delivers an event on the association's own thread, as {@link AssociationListener} promises. An
     * event raised on another thread (DatagramSent from {@link #send} or {@link #close}) is queued and
     * the association's thread woken: it is raised under Bouncy Castle's record-layer write lock, and a
     * listener run there while the association's thread runs one that calls {@code send} deadlocks
     * (each holds the lock the other wants). Found by {@code dtlskit bench echo}.
     */
    private void emit(AssociationEvent event) {
        if (Thread.currentThread() != thread) {
            fromOtherThreads.add(event);
            QueueTransport q = transport;
            if (q != null) {
                q.offerNotice(DELIVER_EVENTS);
            }
            return;
        }
        emitLock.lock();
        try {
            deliverFromOtherThreads();
            deliver(event);
        } finally {
            emitLock.unlock();
        }
    }

    private void deliverFromOtherThreads() {
        AssociationEvent queued;
        while ((queued = fromOtherThreads.poll()) != null) {
            deliver(queued);
        }
    }

    private void deliver(AssociationEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("{}: listener threw on {}: {}", name, event.kind(), e.toString(), e);
        }
    }
}
