package io.dtlskit.internal;

import io.dtlskit.ServerEvent;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What passes on one server session's transport: datagrams each way, the last one received (the
 * events show it), and the flights resent after a receive timeout, counted as the client counts its
 * own (RFC 6347 §4.2.4). While the handshake runs, each datagram is reported as progress.
 */
final class SessionTraffic implements QueueTransport.Observer {
    private final ServerCore core;
    private final InetSocketAddress peerAddress;
    private final ConnectionIdPath cidPath;
    private final BooleanSupplier handshaking;
    private final AtomicLong datagramsIn = new AtomicLong();
    private final AtomicLong datagramsOut = new AtomicLong();
    private volatile byte[] lastDatagram;
    private volatile int retransmissions;
    private boolean timeoutPending; // the session's thread only

    SessionTraffic(ServerCore core, InetSocketAddress peerAddress, ConnectionIdPath cidPath, BooleanSupplier handshaking) {
        this.core = core;
        this.peerAddress = peerAddress;
        this.cidPath = cidPath;
        this.handshaking = handshaking;
    }

    @Override
    public void received(byte[] datagram) {
        if (cidPath != null) {
            cidPath.received(datagram);
        }
        datagramsIn.incrementAndGet();
        lastDatagram = datagram;
        if (handshaking.getAsBoolean()) {
            timeoutPending = false;
            if (core.hasListener()) {
                core.emit(new ServerEvent.HandshakeProgress(core.now(), peerAddress));
            }
        }
    }

    @Override
    public void timedOut(int waitMillis) {
        if (handshaking.getAsBoolean()) {
            timeoutPending = true; // Bouncy Castle resends its last flight after a receive timeout
        }
    }

    @Override
    public void sent(int bytes) {
        if (handshaking.getAsBoolean() && timeoutPending) {
            timeoutPending = false;
            retransmissions++;
        }
    }

    /** One datagram went out on the socket (counted by the session's writer, which knows). */
    void wrote() {
        datagramsOut.incrementAndGet();
    }

    long datagramsIn() {
        return datagramsIn.get();
    }

    long datagramsOut() {
        return datagramsOut.get();
    }

    byte[] lastDatagram() {
        return lastDatagram;
    }

    int retransmissions() {
        return retransmissions;
    }
}
