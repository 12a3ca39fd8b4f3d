package io.dtlskit;

import io.dtlskit.internal.Addresses;
import io.dtlskit.internal.ClientLoop;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One client-side DTLS association: a UDP socket connected to one server, a handshake (cookie exchange
 * included), then application data both ways until {@link #close()}. Everything that happens is an
 * {@link AssociationEvent}; failures name the association and say why.
 *
 * <p>Received data goes to the association's {@link DataHandler} if it has one, or else waits for
 * {@link #receive(Duration)} in a bounded buffer (the oldest record is dropped and counted as
 * {@link DropReason#UNREAD} when the application does not keep up).
 *
 * <p>Created by {@link DtlsClient#connect}. Thread-safe: every method may be called from any thread.
 */
public final class DtlsAssociation {
    private final String name;
    private final InetSocketAddress server;
    private final ClientLoop loop;
    private final ArrayBlockingQueue<byte[]> unread;
    /** Queued in {@link #unread} once the association has ended, so receive() returns at once. */
    private static final byte[] END = new byte[0];
    private volatile long unreadDropped;

    DtlsAssociation(io.dtlskit.internal.ClientContext ctx, String name, InetSocketAddress server, String pskIdentity,
                    PskKey pskKey, InetSocketAddress localBind, AssociationListener listener, DataHandler handler,
                    Runnable onEnd) {
        this.name = name;
        this.server = server;
        this.unread = handler == null ? new ArrayBlockingQueue<>(ctx.options().settings().inboundQueue()) : null;
        this.loop = new ClientLoop(ctx, name, server, pskIdentity, pskKey, localBind, listener,
                handler != null ? data -> handler.onData(this, data) : this::keepUnread, onEnd);
    }

    void start(ThreadFactory threads) {
        if (unread != null) {
            loop.terminated().thenRun(() -> {
                while (!unread.offer(END)) {
                    unread.poll(); // full and nobody reads: make room for the end marker
                }
            });
        }
        loop.start(threads);
    }

    public String name() {
        return name;
    }

    public InetSocketAddress server() {
        return server;
    }

    public AssociationState state() {
        return loop.state();
    }

    /** Completes when the connection is encrypted; fails with a {@link DtlsException} saying why not. */
    public CompletableFuture<HandshakeResult> handshake() {
        return loop.handshake();
    }

    /** Completes with the final state once the association has ended and its socket is closed. */
    public CompletableFuture<AssociationState> terminated() {
        return loop.terminated();
    }

    /** The local address of the socket, or null before it is bound. */
    public InetSocketAddress localAddress() {
        return loop.localAddress();
    }

    public AssociationStats stats() {
        AssociationStats s = loop.stats();
        if (unreadDropped == 0) {
            return s;
        }
        java.util.Map<DropReason, Long> dropped = new java.util.EnumMap<>(DropReason.class);
        dropped.putAll(s.dropped());
        dropped.put(DropReason.UNREAD, unreadDropped);
        return new AssociationStats(s.association(), s.state(), s.cipherSuite(), s.handshakeTime(),
                s.retransmissions(), s.pingsSent(), s.repliesReceived(), s.datagramsSent(), s.datagramsReceived(),
                s.bytesSent(), s.bytesReceived(), java.util.Map.copyOf(dropped), s.lastRoundTrip(),
                s.medianRoundTrip(), s.fullHandshake(), s.resumedHandshake());
    }

    /** Datagrams the non-blocking socket refused for lack of buffer space: lost, and not counted as sent. */
    public long sendsRefused() {
        return loop.sendsRefused();
    }

    /**
     * Encrypts and sends {@code data} as one record. Never throws for network trouble: the result says
     * whether the socket accepted it, or why not (too large for one record at the configured MTU, not
     * encrypted yet or any more, no buffer space in the socket).
     */
    public SendResult send(byte[] data) {
        return loop.send(data, 0, data.length);
    }

    /** Like {@link #send(byte[])} for the remaining bytes of {@code data} (its position moves to its limit). */
    public SendResult send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        return loop.send(copy, 0, copy.length);
    }

    /**
     * The next record of received application data, waiting up to {@code timeout}; null if none came,
     * at once once the association has ended and every record received was read. Only for associations
     * opened without a {@link DataHandler}.
     *
     * @throws IllegalStateException if the association has a data handler
     */
    public byte[] receive(Duration timeout) throws InterruptedException {
        if (unread == null) {
            throw new IllegalStateException(name + ": data goes to the association's DataHandler, not receive()");
        }
        long nanos = io.dtlskit.internal.Durations.saturatedNanos(timeout);
        byte[] data = unread.poll(nanos, TimeUnit.NANOSECONDS);
        if (data == END) {
            unread.offer(END); // every later call returns at once too
            return null;
        }
        return data;
    }

    /** Stops handing received data on; datagrams wait in the bounded inbound queue (overflow counted). */
    public void pauseReading() {
        loop.pauseReading();
    }

    /** Hands received data on again. */
    public void resumeReading() {
        loop.resumeReading();
    }

    /**
     * Shuts down: close_notify if encrypted, user_canceled during a handshake. Returns at once; the
     * {@link #terminated()} future and the {@link AssociationEvent.Closed} event follow.
     */
    public void close() {
        loop.close();
    }

    /**
     * Drops the association at once without telling the server (no close_notify), as a device that
     * loses power would. The server keeps its state until its idle timeout or until a new handshake
     * from the same address replaces it (RFC 6347 §4.2.8).
     */
    /**
     * Moves this association to a fresh local port, as a NAT does when its binding expires, and returns
     * the new local address. The handshake state stays: with a Connection ID (RFC 9146) the server finds
     * the association by its CID and follows the move; without one, the server cannot tell the new
     * port is us, and the association is lost (pings go unanswered; {@code reconnect} recovers).
     *
     * @throws DtlsException if a new socket cannot be opened, or the association has ended
     */
    public InetSocketAddress rebind() throws DtlsException {
        return loop.rebind();
    }

    public void abort() {
        loop.abort();
    }

    private void keepUnread(byte[] data) {
        while (!unread.offer(data)) {
            if (unread.poll() != null) {
                unreadDropped++; // association thread only
            }
        }
    }

    @Override
    public String toString() {
        return "DtlsAssociation[" + name + " -> " + Addresses.hostPort(server) + ", " + state() + "]";
    }
}
