package io.dtlskit.internal;

import io.dtlskit.AssociationClosedException;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.AssociationState;
import io.dtlskit.AssociationStats;
import io.dtlskit.DtlsException;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PskKey;
import io.dtlskit.SendResult;
import io.dtlskit.TransportException;
import org.bouncycastle.tls.DTLSTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The loop behind one {@code DtlsAssociation}, on its own virtual thread: open the socket, handshake
 * ({@link ClientHandshake}), then exchange data until closed, lost or failed, and handshake again from
 * the same local port if reconnection is on (RFC 6347 §4.2.8 lets the server replace the old
 * association). Everything it does is an {@link AssociationEvent}, delivered by {@link ClientEvents}.
 */
public final class ClientLoop {
    private static final Logger log = LoggerFactory.getLogger(ClientLoop.class);
    /** Wakes the association's thread: events from other threads to deliver, or reading resumed. */
    private static final Object WAKE = new Object();

    private final ClientContext ctx;
    private final ClientOptions options;
    private final String name;
    private final InetSocketAddress server;
    private final String pskIdentity;
    private final PskKey pskKey;
    private final ClientEvents events;
    private final Consumer<byte[]> data;
    private final Runnable onEnd;
    private final ClientChannel channel;
    private final Counters counters = Counters.single();
    private final KeepAlive keepAlive;
    private final CompletableFuture<HandshakeResult> handshake = new CompletableFuture<>();
    private final CompletableFuture<AssociationState> terminated = new CompletableFuture<>();
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    /** Whichever of close() and the loop sees the close first sends close_notify; the other's is a no-op. */
    private final ReentrantLock closeLock = new ReentrantLock();

    private volatile AssociationState state = AssociationState.CONNECTING;
    private volatile boolean closeRequested;
    private volatile boolean aborted;
    private volatile boolean paused;
    private volatile QueueTransport transport;
    private volatile ClientHandshake current;
    private final ClientObserver observer;
    private volatile DTLSTransport dtls;
    private volatile HandshakeResult result;
    private volatile Duration lastFullHandshake;
    private volatile Duration lastResumedHandshake;

    public ClientLoop(ClientContext ctx, String name, InetSocketAddress server, String pskIdentity, PskKey pskKey,
                      InetSocketAddress localBind, AssociationListener listener, Consumer<byte[]> data, Runnable onEnd) {
        this.ctx = ctx;
        this.options = ctx.options();
        this.name = name;
        this.server = server;
        this.pskIdentity = pskIdentity;
        this.pskKey = pskKey;
        this.events = new ClientEvents(name, listener);
        this.data = data;
        this.onEnd = onEnd;
        this.keepAlive = new KeepAlive(options);
        this.channel = new ClientChannel(ctx.reactor(), server, localBind, counters,
                options.settings().maxHandshakeMessage(), () -> transport);
        this.observer = new ClientObserver(name, server, counters, events, channel, options.settings().clock());
        events.wakeWith(() -> {
            QueueTransport q = transport;
            if (q != null) {
                q.offerNotice(WAKE);
            }
        });
    }

    public void start(java.util.concurrent.ThreadFactory threads) {
        threads.newThread(this::run).start();
    }

    public AssociationState state() {
        return state;
    }

    public CompletableFuture<HandshakeResult> handshake() {
        return handshake;
    }

    public CompletableFuture<AssociationState> terminated() {
        return terminated;
    }

    public InetSocketAddress localAddress() {
        return channel.localAddress();
    }

    public AssociationStats stats() {
        HandshakeResult r = result;
        return new AssociationStats(name, state, r == null ? null : r.cipherSuite(), r == null ? null : r.elapsed(),
                r != null ? r.retransmissions() : counters.retransmissions(), keepAlive.pingsSent(), counters.repliesReceived(),
                counters.datagramsSent(), counters.datagramsReceived(), counters.bytesSent(), counters.bytesReceived(),
                counters.dropped(), keepAlive.roundTrips().last(), keepAlive.roundTrips().median(), lastFullHandshake,
                lastResumedHandshake);
    }

    /** Datagrams the socket refused (no buffer space): lost, and never counted as sent. */
    public long sendsRefused() {
        return counters.refused();
    }

    /** Any thread: encrypts and sends one record; reports what became of it. */
    public SendResult send(byte[] buf, int off, int len) {
        return Sends.send(dtls, state == AssociationState.ENCRYPTED && !closeRequested, name, state, buf, off, len);
    }

    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        QueueTransport q = transport;
        if (q != null) {
            q.offerNotice(WAKE);
        }
    }

    public boolean readingPaused() {
        return paused;
    }

    /** close_notify if encrypted, user_canceled during a handshake; returns at once. */
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        closeSignal.countDown();
        try {
            DTLSTransport t = dtls;
            ClientHandshake h = current;
            if (t != null) {
                closeEngine(t); // close_notify (RFC 5246 §7.2.1), then our transport closes
            } else if (h != null && h.running()) {
                h.cancel();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: close: {}", name, e.toString());
        }
        QueueTransport q = transport;
        if (q != null) {
            q.close();
        }
    }

    /** Drops the association without telling the server, as a device that loses power would. */
    /** Moves the association to a fresh local port (see {@code DtlsAssociation.rebind()}). */
    public InetSocketAddress rebind() throws DtlsException {
        InetSocketAddress[] moved;
        try {
            moved = channel.rebind();
        } catch (IllegalStateException e) {
            throw new AssociationClosedException(name, name + ": cannot rebind, association is " + state);
        } catch (Exception e) {
            throw new TransportException(name, name + ": cannot move to a new local port - " + Failures.describe(e), e);
        }
        HandshakeResult r = result;
        events.emit(new AssociationEvent.Rebound(now(), name, moved[0], moved[1], r != null && r.connectionId() != null));
        return moved[1];
    }

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

    // ---------------------------------------------------------------- the association's thread

    private void run() {
        events.own();
        AssociationState finalState = AssociationState.CLOSED;
        String reason = "closed by the application";
        try {
            openSocket();
            int attempt = 0;
            while (true) {
                String why;
                try {
                    DTLSTransport engine = handshakeOnce();
                    attempt = 0;
                    ClientExchange exchange = new ClientExchange(this, engine, transport, keepAlive, observer, counters,
                            events, data);
                    reason = exchange.run();
                    if (closeRequested || !options.reconnect() || !(exchange.peerLost() || observer.peerClosed())) {
                        break;
                    }
                    retire(engine); // the old engine is closed before a new one starts
                    why = reason;
                } catch (DtlsException e) {
                    if (closeRequested || !options.reconnect()) {
                        throw e;
                    }
                    why = e.getMessage();
                    emitNow(new AssociationEvent.Warning(now(), name, "association lost - " + why));
                }
                attempt++;
                Duration delay = backoff(attempt);
                emitNow(new AssociationEvent.Reconnecting(now(), name, attempt, delay, why));
                if (closeSignal.await(Durations.saturatedMillis(delay), TimeUnit.MILLISECONDS)) {
                    reason = closedReason();
                    break;
                }
            }
        } catch (DtlsException e) {
            if (closeRequested && !(e instanceof TransportException && state == AssociationState.CONNECTING)) {
                reason = closedReason();
            } else {
                finalState = AssociationState.FAILED;
                reason = e.getMessage();
                emitNow(new AssociationEvent.Failed(now(), name, e));
                handshake.completeExceptionally(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } catch (RuntimeException | Error e) {
            finalState = AssociationState.FAILED;
            reason = "internal error: " + e;
            log.error("{}: internal error", name, e);
            DtlsException wrapped = new TransportException(name, name + ": internal error - " + e, e);
            emitNow(new AssociationEvent.Failed(now(), name, wrapped));
            handshake.completeExceptionally(wrapped);
        } finally {
            // Whatever ended the loop (a close during a reconnect backoff too), handshake() completes.
            handshake.completeExceptionally(new AssociationClosedException(name, name + ": " + reason));
            release();
            state = finalState;
            events.end(new AssociationEvent.Closed(now(), name, finalState, reason));
            onEnd.run();
            terminated.complete(finalState);
        }
    }

    private void openSocket() throws DtlsException {
        emitNow(new AssociationEvent.Info(now(), name, "connecting UDP socket first ..."));
        try {
            channel.open();
        } catch (Exception e) {
            throw new TransportException(name, name + ": failed to start a handshake - " + Failures.describe(e), e);
        }
        emitNow(new AssociationEvent.Info(now(), name, "UDP socket is now in ConnectedState, continue with handshake ..."));
    }

    /** One full handshake on the open socket, with a fresh transport and engine. */
    private DTLSTransport handshakeOnce() throws DtlsException {
        if (closeRequested) {
            throw new AssociationClosedException(name, name + ": closed before the handshake started");
        }
        Settings s = options.settings();
        ClientHandshake h = new ClientHandshake(ctx, name, server, pskIdentity, pskKey, events, counters, observer);
        current = h;
        observer.handshake(h);
        dtls = null;
        transport = new QueueTransport(s.inboundQueue(), ClientChannel.MAX_DATAGRAM,
                s.mtu() - Settings.headerOverhead(server.getAddress()), this::write, observer);
        state = AssociationState.HANDSHAKING;
        ClientHandshake.Outcome outcome = h.run(transport, e -> closeRequested
                ? new AssociationClosedException(name, name + ": closed during the handshake")
                : Failures.clientHandshake(e, new Failures.ClientFacts(name, s.handshakeTimeout(), h.retransmissions(),
                        h.step(), transport.peerChangedCipher(), channel.portUnreachable(),
                        counters.datagramsReceived(), Addresses.hostPort(server)), h.certificates()));
        result = outcome.result();
        dtls = outcome.engine();
        if (closeRequested) {
            closeEngineQuietly(outcome.engine());
            throw new AssociationClosedException(name, name + ": closed during the handshake");
        }
        observer.handshake(null);
        state = AssociationState.ENCRYPTED;
        if (result.resumed()) {
            lastResumedHandshake = result.elapsed();
        } else {
            lastFullHandshake = result.elapsed();
        }
        emitNow(new AssociationEvent.HandshakeCompleted(now(), name, result));
        h.reportExtensions(result);
        handshake.complete(result);
        return outcome.engine();
    }

    private Duration backoff(int attempt) {
        Duration d = options.reconnectInitial();
        for (int i = 1; i < attempt && d.compareTo(options.reconnectMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(options.reconnectMax()) > 0 ? options.reconnectMax() : d;
    }

    String name() {
        return name;
    }

    ClientOptions options() {
        return options;
    }

    boolean closeRequested() {
        return closeRequested;
    }

    boolean aborted() {
        return aborted;
    }

    String closedReason() {
        return aborted ? "aborted by the application (no close_notify)" : "closed by the application";
    }

    /** Before a reconnection: the old engine sends close_notify and its transport closes. */
    private void retire(DTLSTransport engine) {
        closeEngineQuietly(engine);
        QueueTransport q = transport;
        if (q != null) {
            q.close();
        }
        dtls = null;
    }

    void closeEngineQuietly(DTLSTransport t) {
        try {
            closeEngine(t);
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void closeEngine(DTLSTransport t) throws IOException {
        closeLock.lock();
        try {
            t.close(); // Bouncy Castle's close is idempotent once it has run to the end
        } finally {
            closeLock.unlock();
        }
    }

    private void release() {
        QueueTransport q = transport;
        if (q != null) {
            q.close();
        }
        try {
            channel.release();
        } catch (Exception e) {
            log.debug("{}: socket close: {}", name, e.toString());
        }
    }

    /** Any sending thread: one datagram out. */
    private boolean write(byte[] buf, int off, int len) throws IOException {
        boolean written = channel.write(buf, off, len);
        if (!written) {
            Sends.refused();
        }
        return written;
    }

    /** Association thread, holding no lock: queue the event and deliver everything queued. */
    void emitNow(AssociationEvent event) {
        events.emit(event);
        events.deliver(); // association thread, holding no lock
    }

    java.time.Instant now() {
        return options.settings().clock().instant();
    }
}
