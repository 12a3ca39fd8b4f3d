package io.dtlskit.internal;

import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsException;
import io.dtlskit.SendResult;
import io.dtlskit.TransportException;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The encrypted phase of one handshake's engine, on the association's thread: keep-alive pings on
 * schedule, each received record reported and handed to the data handler, until the application
 * closes, the server sends close_notify, or (with reconnection) the server stops answering pings.
 */
final class ClientExchange {
    private static final Logger log = LoggerFactory.getLogger(ClientExchange.class);

    private final ClientLoop loop;
    private final String name;
    private final DTLSTransport engine;
    private final QueueTransport transport;
    private final KeepAlive keepAlive;
    private final ClientObserver observer;
    private final Counters counters;
    private final ClientEvents events;
    private final Consumer<byte[]> data;
    private boolean peerLost;

    ClientExchange(ClientLoop loop, DTLSTransport engine, QueueTransport transport, KeepAlive keepAlive,
                   ClientObserver observer, Counters counters, ClientEvents events, Consumer<byte[]> data) {
        this.loop = loop;
        this.name = loop.name();
        this.engine = engine;
        this.transport = transport;
        this.keepAlive = keepAlive;
        this.observer = observer;
        this.counters = counters;
        this.events = events;
        this.data = data;
        keepAlive.restart();
    }

    /** "server answered none" is repeated every ten ping intervals, at most once a second, at least every 30 s. */
    private long warningGap() {
        return Math.clamp(loop.options().pingInterval().toNanos() * 10L, java.util.concurrent.TimeUnit.SECONDS.toNanos(1),
                java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
    }

    /** True if it ended because the server answered none of the last pings (reconnection on). */
    boolean peerLost() {
        return peerLost;
    }

    /** Runs until the end; returns why it ended. */
    String run() throws DtlsException {
        ClientOptions options = loop.options();
        long warningGap = warningGap();
        long lastLostWarning = System.nanoTime();
        while (true) {
            events.deliver();
            if (loop.closeRequested()) {
                if (!loop.aborted()) {
                    loop.closeEngineQuietly(engine); // close() may not have sent close_notify yet
                }
                return loop.closedReason();
            }
            long now = System.nanoTime();
            if (keepAlive.due(now)) {
                int unanswered = keepAlive.unansweredBeforeNext();
                if (unanswered >= options.unansweredPingsLimit()) {
                    String lost = "server answered none of the last " + unanswered + " pings";
                    if (options.reconnect()) {
                        peerLost = true;
                        return lost;
                    }
                    // Without reconnection the pings go on, and so do the warnings, at a bounded rate:
                    // a dead server is never silent and never floods.
                    if (unanswered == options.unansweredPingsLimit() || now - lastLostWarning >= warningGap) {
                        lastLostWarning = now;
                        loop.emitNow(new AssociationEvent.Warning(loop.now(), name, lost));
                    }
                }
                sendPing(now);
            }
            byte[] plain;
            try {
                plain = transport.receiveApplicationData(engine, keepAlive.waitMillis(), !loop.readingPaused());
            } catch (TlsFatalAlertReceived e) {
                throw Failures.alertReceived(name, e);
            } catch (IOException e) {
                if (observer.peerClosed()) {
                    return "close_notify received";
                }
                if (loop.closeRequested()) {
                    return loop.closedReason();
                }
                throw new TransportException(name, name + ": receive failed - " + Failures.describe(e), e);
            }
            if (plain != null) {
                deliver(plain);
            }
        }
    }

    private void sendPing(long now) throws DtlsException {
        byte[] ping = keepAlive.next(name);
        SendResult r = loop.send(ping, 0, ping.length);
        if (r.status() == SendResult.Status.FAILED) {
            throw new TransportException(name, name + ": failed to send a ping - " + r.reason(), null);
        }
        long number = keepAlive.sent(now);
        loop.emitNow(new AssociationEvent.PingSent(loop.now(), name, number, new String(ping, StandardCharsets.ISO_8859_1)));
    }

    private void deliver(byte[] plain) {
        if (plain.length == 0) {
            loop.emitNow(new AssociationEvent.Warning(loop.now(), name, "zero-length datagram received?"));
            return;
        }
        counters.replyReceived();
        Duration rtt = keepAlive.answered();
        byte[] raw = observer.lastDatagram();
        if (events.listening()) { // per datagram: no event object for nobody
            loop.emitNow(new AssociationEvent.ServerResponse(loop.now(), name, raw == null ? new byte[0] : raw, plain, rtt));
        }
        try {
            data.accept(plain);
        } catch (RuntimeException e) {
            log.warn("{}: data handler threw: {}", name, e.toString(), e);
        }
    }
}
