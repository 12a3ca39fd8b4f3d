package io.dtlskit.internal;

import io.dtlskit.DropReason;
import io.dtlskit.ServerEvent;
import org.bouncycastle.tls.DatagramSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The server's reactor side: drains the socket, reads each datagram's record header once
 * ({@link InboundDatagram}) and routes it to its association, to the cookie guard, or to a drop
 * counter. It never blocks and never calls a listener (events are queued, see {@link ServerEvents}).
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    static final int MAX_DATAGRAM = 65_535;

    private final ServerCore core;
    private final CookieGuard cookies;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);

    public Dispatcher(ServerCore core) {
        this.core = core;
        this.cookies = new CookieGuard(core.crypto.getSecureRandom(), core.options.settings().clock(),
                CookieGuard.SECRET_LIFETIME);
    }

    /** Reactor thread: reads until the socket is empty. */
    public void drain(DatagramChannel ch) throws IOException {
        while (true) {
            readBuffer.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(readBuffer);
            if (from == null) {
                return;
            }
            int n = readBuffer.position();
            core.counters.received(n);
            if (n > core.options.maxDatagram()) {
                core.counters.drop(DropReason.OVERSIZE);
                continue;
            }
            byte[] d = new byte[n];
            readBuffer.flip().get(d);
            InboundDatagram datagram = InboundDatagram.parse(from, d, core.options.settings().maxHandshakeMessage(),
                    core.table.connectionIdLength());
            try {
                route(datagram);
            } catch (RuntimeException e) {
                // Hostile input is refused by InboundDatagram before this point: anything thrown here is a
                // bug, and it must surface, not hide in a drop counter.
                log.error("datagram from {} ({} bytes) could not be dispatched", Addresses.hostPort(from), n, e);
                core.counters.drop(DropReason.INTERNAL_ERROR);
            }
        }
    }

    private void route(InboundDatagram d) {
        if (d.drop() != null) {
            core.counters.drop(d.drop());
            return;
        }
        InetSocketAddress from = d.from();
        AssociationTable table = core.table;
        if (d.connectionId() && table.connectionIdLength() > 0) {
            routeByConnectionId(d);
            return;
        }
        ServerSession known = table.get(from);
        ServerSession successor = table.successor(from);
        if (successor != null) {
            // A handshake that may replace `known` is under way. A datagram may belong to either: the
            // new handshake, or the old association (application data, or the client's last flight sent
            // again because our Finished was lost). Both get it; each engine keeps what is its own and
            // drops the rest (wrong message sequence, bad MAC, replay window).
            offer(successor, d);
            if (known != null) {
                known.offer(d.data());
            }
            return;
        }
        if (known != null && d.clientHello() && known.createdBy(d.random())) {
            // A late duplicate or a replay of the ClientHello that made this association: not a new
            // handshake (a restarted client sends a fresh random).
            known.offer(d.data());
            return;
        }
        if (known != null && !(d.clientHello() && known.isEstablished())) {
            offer(known, d);
            return;
        }
        if (known == null && !core.listening) {
            core.counters.drop(DropReason.NOT_LISTENING); // unknown peers are ignored silently when not listening
            return;
        }
        if (!d.clientHello()) {
            core.counters.drop(DropReason.UNKNOWN_PEER);
            return;
        }
        if ((known == null && table.size() >= core.options.maxAssociations())
                || core.handshaking.get() >= core.options.maxHandshakes()) {
            core.counters.drop(DropReason.LIMIT_REACHED);
            return;
        }
        verify(d, known != null);
    }

    /**
     * RFC 9146 §6: a record with a CID goes to the association holding that CID, whatever its source
     * address; the engine authenticates it, and only then may the association follow a new address.
     * An unknown CID is dropped and counted: it cannot start anything (only a ClientHello can).
     */
    private void routeByConnectionId(InboundDatagram d) {
        ServerSession owner = core.table.byConnectionId(d.data());
        if (owner == null) {
            core.counters.drop(DropReason.UNKNOWN_CONNECTION_ID);
        } else if (!owner.offerFrom(d.from(), d.data())) {
            core.counters.drop(DropReason.QUEUE_FULL);
        }
    }

    private void offer(ServerSession session, InboundDatagram d) {
        if (!session.offer(d.data())) {
            core.counters.drop(DropReason.QUEUE_FULL);
        }
    }

    private void verify(InboundDatagram d, boolean known) {
        InetSocketAddress from = d.from();
        DatagramSender sender = new DatagramSender() {
            @Override
            public int getSendLimit() {
                return core.options.settings().mtu() - 48;
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                core.sendTo(from, buf, off, len);
            }
        };
        CookieGuard.Result verified = cookies.verify(from, d.data(), d.length(), sender);
        switch (verified.outcome()) {
            case CHALLENGED -> {
                core.helloVerifyRequests.increment();
                core.emit(new ServerEvent.HelloVerifySent(core.now(), from));
                return;
            }
            case FRAGMENT_HELD -> {
                return; // the rest of the ClientHello is on its way
            }
            case DROPPED -> {
                core.counters.drop(DropReason.MALFORMED);
                return;
            }
            case VERIFIED -> {
            }
        }
        // A ClientHello that came in fragments is whole now: the session remembers its random. (A copy of
        // one never gets here: its first fragment carries the random and route() hands it to the session.)
        InboundDatagram hello = verified.clientHello() == d.data() ? d
                : InboundDatagram.parse(from, verified.clientHello(), core.options.settings().maxHandshakeMessage());
        core.emit(new ServerEvent.PeerVerified(core.now(), from));
        // RFC 6347 §4.2.8: a known address starts a new handshake, as a client that lost its state
        // does. The old association MUST NOT go before the client has shown it is reachable, and a
        // replayed ClientHello with a valid cookie must not end it: the new handshake runs beside it
        // and replaces it only when it completes.
        core.startSession(hello, verified.request(), known);
    }
}
