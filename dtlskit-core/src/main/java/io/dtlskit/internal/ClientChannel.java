package io.dtlskit.internal;

import io.dtlskit.DropReason;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client association's UDP socket, connected to its server so that only the server's datagrams are
 * delivered: opened on the association's thread, drained by the reactor into the current transport's
 * queue, written by whichever thread sends.
 */
final class ClientChannel {
    /** Queued for the association's thread when the kernel reports ICMP port unreachable. */
    static final Object PORT_UNREACHABLE = new Object();
    /**
     * Largest datagram handed to the engine: one largest DTLS 1.2 record (RFC 6347 §4.1: 13-byte header
     * plus 2^14 + 2048 bytes). Bouncy Castle allocates a buffer of this size on every receive call.
     */
    static final int MAX_DATAGRAM = 13 + 16_384 + 2_048;

    private final Reactor reactor;
    private final InetSocketAddress server;
    private final InetSocketAddress localBind;
    private final Counters counters;
    private final int maxHandshakeMessage;
    private final Supplier<QueueTransport> transport;
    private volatile DatagramChannel channel;
    private volatile SelectionKey key;
    private volatile boolean portUnreachable;
    /** Serialises {@link #rebind()} with itself and with {@link #release()}. */
    private final java.util.concurrent.locks.ReentrantLock socketLock = new java.util.concurrent.locks.ReentrantLock();
    private boolean released; // under socketLock

    ClientChannel(Reactor reactor, InetSocketAddress server, InetSocketAddress localBind, Counters counters,
                  int maxHandshakeMessage, Supplier<QueueTransport> transport) {
        this.reactor = reactor;
        this.server = server;
        this.localBind = localBind;
        this.counters = counters;
        this.maxHandshakeMessage = maxHandshakeMessage;
        this.transport = transport;
    }

    void open() throws Exception {
        channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.configureBlocking(false);
        if (localBind != null) {
            channel.bind(localBind);
        }
        channel.connect(server);
        key = reactor.register(channel, this::drain).get(5, TimeUnit.SECONDS);
    }

    InetSocketAddress localAddress() {
        DatagramChannel ch = channel;
        try {
            return ch == null ? null : (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** True once an ICMP port unreachable was seen (on reading or writing). */
    boolean portUnreachable() {
        return portUnreachable;
    }

    void markPortUnreachable() {
        portUnreachable = true;
    }

    /** Any thread: one datagram out; false if the non-blocking socket had no room for it. */
    boolean write(byte[] buf, int off, int len) throws IOException {
        DatagramChannel ch = channel;
        try {
            return ch.write(ByteBuffer.wrap(buf, off, len)) > 0 || len == 0;
        } catch (PortUnreachableException e) {
            // Lost like any other datagram; retransmission covers it, up to the handshake's limit.
            QueueTransport q = transport.get();
            if (q != null) {
                q.offerNotice(PORT_UNREACHABLE);
            }
            return true;
        } catch (java.nio.channels.ClosedChannelException e) {
            DatagramChannel now = channel;
            if (now == ch) {
                throw e;
            }
            // rebind() swapped the socket under us: this datagram belongs on the new one. Any other
            // IOException would fail the association (docs/bouncy-castle.md #8).
            return now.write(ByteBuffer.wrap(buf, off, len)) > 0 || len == 0;
        }
    }

    /**
     * Moves to a fresh socket (a new local port) connected to the same server, as a NAT rebinding does;
     * the engine's state stays. Returns {@code [before, after]} local addresses.
     *
     * @throws IllegalStateException once released
     */
    InetSocketAddress[] rebind() throws Exception {
        socketLock.lock();
        try {
            if (released || channel == null) {
                throw new IllegalStateException("the socket is closed");
            }
            InetSocketAddress before = localAddress();
            DatagramChannel fresh = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                fresh.configureBlocking(false);
                fresh.connect(server);
                SelectionKey freshKey = reactor.register(fresh, this::drain).get(5, TimeUnit.SECONDS);
                DatagramChannel old = channel;
                SelectionKey oldKey = key;
                channel = fresh; // writes go to the new socket from now on (see write())
                key = freshKey;
                reactor.closeChannel(oldKey, old).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (channel != fresh) {
                    fresh.close();
                }
                throw e;
            }
            return new InetSocketAddress[] {before, localAddress()};
        } finally {
            socketLock.unlock();
        }
    }

    /** Closes the socket and waits until it is really closed, so the port is free afterwards. */
    void release() throws Exception {
        socketLock.lock();
        try {
            released = true;
            DatagramChannel ch = channel;
            if (ch != null) {
                reactor.closeChannel(key, ch).get(5, TimeUnit.SECONDS);
            }
        } finally {
            socketLock.unlock();
        }
    }

    /** Reactor thread: drain the socket into the association's queue. */
    private void drain(DatagramChannel ch) throws IOException {
        ByteBuffer buffer = reactor.readBuffer(); // reactor thread only: one buffer for all
        while (true) {
            buffer.clear();
            int n;
            try {
                n = ch.read(buffer);
            } catch (PortUnreachableException e) {
                // ICMP port unreachable for an earlier datagram: nobody listens there (yet).
                QueueTransport q = transport.get();
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
            DropReason bad = Records.check(d, n, maxHandshakeMessage);
            QueueTransport q = transport.get();
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
}
