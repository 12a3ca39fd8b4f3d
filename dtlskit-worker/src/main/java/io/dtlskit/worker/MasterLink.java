package io.dtlskit.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The worker's end of the ZeroMQ link (locust/rpc/zmqrpc.py): a DEALER socket whose identity is the
 * worker's node id, connected to the master's ROUTER. Each message is one frame of msgpack. ZeroMQ
 * reconnects by itself; a monitor socket tells whether the TCP connection is up, so a worker whose
 * master has gone can notice it (the master sends nothing periodic).
 *
 * <p>Not thread-safe, as ZeroMQ sockets are not: one thread ({@link LocustWorker}'s loop) uses it.
 */
final class MasterLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MasterLink.class);

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket socket;
    private final ZMQ.Socket monitor;
    private final String endpoint;
    private boolean connected;
    private long downSinceNanos = System.nanoTime();

    MasterLink(InetSocketAddress master, String nodeId) {
        String host = master.getHostString();
        endpoint = "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + master.getPort();
        socket = context.createSocket(SocketType.DEALER);
        socket.setIdentity(nodeId.getBytes(StandardCharsets.UTF_8));
        // As Locust's own sockets (zmqrpc.BaseSocket): TCP keepalive, so a silently dead master is noticed.
        socket.setTCPKeepAlive(1);
        socket.setTCPKeepAliveIdle(30);
        socket.setReconnectIVL(500);
        socket.setReconnectIVLMax(5_000);
        String monitorAddress = "inproc://dtlskit-master-monitor-" + UUID.randomUUID();
        socket.monitor(monitorAddress, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED);
        monitor = context.createSocket(SocketType.PAIR);
        monitor.connect(monitorAddress);
        socket.connect(endpoint);
    }

    String endpoint() {
        return endpoint;
    }

    /** Queues one message for the master (ZeroMQ sends it once connected). */
    void send(Message m) {
        if (!socket.send(MessageCodec.encode(m), ZMQ.DONTWAIT)) {
            log.warn("could not queue '{}' for the Locust master at {} (send queue full)", m.type(), endpoint);
        }
    }

    /** The next message from the master, or null after {@code wait} without one. */
    Message receive(Duration wait) {
        socket.setReceiveTimeOut((int) Math.max(1, wait.toMillis()));
        byte[] frame = socket.recv(0);
        pollMonitor();
        if (frame == null) {
            return null;
        }
        try {
            return MessageCodec.decode(frame);
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a message from the Locust master at {}: {}", endpoint, e.getMessage());
            return null;
        }
    }

    /** How long the TCP connection to the master has been down (zero while connected). */
    Duration downFor() {
        return connected ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - downSinceNanos);
    }

    private void pollMonitor() {
        ZMQ.Event e;
        while ((e = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            if (e.getEvent() == ZMQ.EVENT_CONNECTED) {
                connected = true;
            } else if (e.getEvent() == ZMQ.EVENT_DISCONNECTED && connected) {
                connected = false;
                downSinceNanos = System.nanoTime();
                log.warn("lost the connection to the Locust master at {}; ZeroMQ keeps reconnecting", endpoint);
            }
        }
    }

    /** Closes, giving queued messages (the final stats, quit) up to {@code linger} to leave. */
    void close(Duration linger) {
        socket.setLinger(linger.toMillis());
        socket.monitor(null, 0);
        context.destroySocket(monitor);
        context.destroySocket(socket);
        context.close();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
