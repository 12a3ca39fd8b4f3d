package io.dtlskit.internal;

import io.dtlskit.AssociationEvent;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * What a client association's transport and engine report, turned into counters and queued events:
 * datagrams in and out, refusals, receive timeouts (for the running handshake's retransmission count),
 * ICMP notices and alerts. Its callbacks may run inside Bouncy Castle's record-layer lock, so they only
 * count and queue ({@link ClientEvents}); delivery happens at the transport's safe points.
 */
final class ClientObserver implements QueueTransport.Observer, PeerPolicy.Alerts {
    private static final Logger log = LoggerFactory.getLogger(ClientObserver.class);

    private final String name;
    private final InetSocketAddress server;
    private final Counters counters;
    private final ClientEvents events;
    private final ClientChannel channel;
    private final Clock clock;
    /** The handshake running, or null once encrypted. */
    private volatile ClientHandshake handshake;
    private volatile byte[] lastDatagram;
    private volatile boolean peerClosed;

    ClientObserver(String name, InetSocketAddress server, Counters counters, ClientEvents events,
                   ClientChannel channel, Clock clock) {
        this.name = name;
        this.server = server;
        this.counters = counters;
        this.events = events;
        this.channel = channel;
        this.clock = clock;
    }

    /** A new handshake starts ({@code h}), or the last one is done (null); the peer has not closed. */
    void handshake(ClientHandshake h) {
        handshake = h;
        if (h != null) {
            peerClosed = false;
        }
    }

    /** The last datagram handed to the engine, as it arrived (the events show it as hex). */
    byte[] lastDatagram() {
        return lastDatagram;
    }

    /** True once the server's close_notify arrived. */
    boolean peerClosed() {
        return peerClosed;
    }

    @Override
    public void received(byte[] datagram) {
        counters.received(datagram.length);
        lastDatagram = datagram;
        if (events.listening()) {
            events.emit(new AssociationEvent.DatagramReceived(clock.instant(), name, datagram.length));
        }
        ClientHandshake h = handshake;
        if (h != null) {
            h.received(datagram.length);
        }
    }

    @Override
    public void timedOut(int waitMillis) {
        ClientHandshake h = handshake;
        if (h != null) {
            h.timedOut();
        }
    }

    @Override
    public void sent(int bytes) {
        counters.sent(bytes);
        ClientHandshake h = handshake;
        if (h != null) {
            h.sent();
        }
        if (events.listening()) {
            events.emit(new AssociationEvent.DatagramSent(clock.instant(), name, bytes));
        }
    }

    @Override
    public void refused(int bytes) {
        counters.refused(bytes);
    }

    @Override
    public void notice(Object marker) {
        if (marker == ClientChannel.PORT_UNREACHABLE) {
            if (!channel.portUnreachable()) {
                channel.markPortUnreachable();
                events.emit(new AssociationEvent.Warning(clock.instant(), name, "ICMP port unreachable from "
                        + Addresses.hostPort(server) + ": no server listening (yet)?"));
            }
            ClientHandshake h = handshake;
            if (h != null) {
                h.unreachable();
            }
        }
        events.deliver();
    }

    @Override
    public void safePoint() {
        events.deliver();
    }

    @Override
    public void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            peerClosed = true; // pings stop; the receive loop ends when the engine closes
        }
        events.emit(new AssociationEvent.AlertReceived(clock.instant(), name, level == AlertLevel.fatal,
                Failures.alertName(description)));
    }

    @Override
    public void alertRaised(short level, short description, String message) {
        log.debug("{}: raised alert {} {}", name, description, message);
    }
}
