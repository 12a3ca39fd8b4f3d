package io.dtlskit.internal;

import io.dtlskit.DropReason;
import io.dtlskit.ServerEvent;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a server's dispatcher and sessions share: settings, the socket, the association table, counters
 * and the event queue. Sessions send through {@link #sendTo} on their own threads (UDP sends do not
 * block); only the dispatcher reads the socket.
 */
public final class ServerCore {
    final ServerOptions options;
    final TlsCrypto crypto;
    final PeerSettings peerSettings;
    final DatagramChannel channel;
    final AssociationTable table;
    /** Resumable sessions by session ID (RFC 5246 §7.3); null when resumption is off. */
    final SessionCache<ByteBuffer> sessions;
    final LongAdder handshakesResumed = new LongAdder();
    final LongAdder peersMoved = new LongAdder();
    final LongAdder amplificationWithheld = new LongAdder();
    final Counters counters = Counters.shared();
    final ServerEvents events;
    final AtomicInteger handshaking = new AtomicInteger();
    final LongAdder helloVerifyRequests = new LongAdder();
    final LongAdder handshakesCompleted = new LongAdder();
    final LongAdder handshakesFailed = new LongAdder();
    private final ThreadFactory threads = Thread.ofVirtual().name("dtlskit-server-session-", 0).factory();
    volatile boolean listening;
    /** Set before sessions are shut down: from then on no session is started. */
    volatile boolean closing;

    public ServerCore(ServerOptions options, TlsCrypto crypto, PeerSettings peerSettings, DatagramChannel channel) {
        this.options = options;
        this.crypto = crypto;
        this.peerSettings = peerSettings;
        this.channel = channel;
        this.events = new ServerEvents(options.listener());
        this.table = new AssociationTable(options.cidLength());
        this.sessions = options.resumption() ? new SessionCache<>(options.sessionCacheSize(), options.sessionLifetime(),
                SessionCache.nanos(options.settings().clock())) : null;
    }

    public ServerOptions options() {
        return options;
    }

    public AssociationTable table() {
        return table;
    }

    public ServerEvents events() {
        return events;
    }

    public boolean listening() {
        return listening;
    }

    public void listening(boolean value) {
        listening = value;
    }

    public void closing() {
        closing = true;
        listening = false;
    }

    public io.dtlskit.ServerStats stats() {
        return new io.dtlskit.ServerStats(listening, table.size(), handshaking.get(), counters.datagramsReceived(),
                counters.datagramsSent(), helloVerifyRequests.sum(), handshakesCompleted.sum(), handshakesFailed.sum(),
                counters.dropped(), handshakesResumed.sum(), peersMoved.sum(), amplificationWithheld.sum(),
                sessions == null ? 0 : sessions.size());
    }

    /** Events dropped because the listener did not keep up, and datagrams the socket refused. */
    public long eventsDropped() {
        return events.dropped();
    }

    public long sendsRefused() {
        return counters.refused();
    }

    public Instant now() {
        return options.settings().clock().instant();
    }

    /** True if the server has a listener (see {@link ServerEvents#listening()}). */
    boolean hasListener() {
        return events.listening();
    }

    public void emit(ServerEvent event) {
        events.emit(event);
    }

    /** Any thread: one datagram to a peer; false if the socket had no buffer space (lost, not counted as sent). */
    boolean sendTo(InetSocketAddress to, byte[] buf, int off, int len) throws IOException {
        if (channel.send(ByteBuffer.wrap(buf, off, len), to) == 0 && len > 0) {
            counters.refused(len);
            return false;
        }
        counters.sent(len);
        return true;
    }

    /** Dispatcher: starts a verified handshake on its own thread (unless the server is closing). */
    void startSession(InboundDatagram hello, DTLSRequest request, boolean successor) {
        if (closing) {
            counters.drop(DropReason.NOT_LISTENING);
            return;
        }
        ServerSession session = new ServerSession(this, hello.from(), request, hello.random());
        if (successor) {
            table.addSuccessor(hello.from(), session);
        } else {
            table.add(hello.from(), session);
        }
        handshaking.incrementAndGet();
        threads.newThread(session::run).start();
    }

    /** Runs {@code task} on a new session thread (a virtual thread). */
    void startThread(Runnable task) {
        threads.newThread(task).start();
    }

    void handshakeEnded(boolean success) {
        handshaking.decrementAndGet();
        (success ? handshakesCompleted : handshakesFailed).increment();
    }

    /** A session's handshake completed: a successor now replaces the old association (RFC 6347 §4.2.8). */
    void established(InetSocketAddress peer, ServerSession session) {
        ServerSession old = table.promote(peer, session);
        if (old != null) {
            old.abandon();
            emit(new ServerEvent.PeerReplaced(now(), peer));
        }
    }

    /** An association followed its peer to a new address (RFC 9146 §6). */
    void moved(InetSocketAddress from, InetSocketAddress to, ServerSession session) {
        peersMoved.increment();
        table.move(from, to, session);
    }

    void forget(InetSocketAddress peer, ServerSession session) {
        table.remove(peer, session);
    }
}
