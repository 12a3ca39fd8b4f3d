package io.dtlskit.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on 127.0.0.1 between clients and one server, for tests: each client gets its own
 * upstream socket (so the server sees one address per client), and each direction can lose,
 * duplicate and delay datagrams with a seeded random source, so a failing run can be replayed. Each
 * client and each direction draws from its own stream (derived from the seed and the order in which
 * clients first appear), so what happens to one association's datagrams does not depend on how the
 * threads of the others interleave: a row that passes with a seed passes again.
 * Jitter in the delay reorders datagrams. It can also inject datagrams towards a client from the
 * relay's own address, which is the only address a connected client socket accepts.
 */
public final class UdpRelay implements AutoCloseable {
    /** How one direction treats datagrams. Rates are probabilities from 0 to 1. */
    public record Impairment(double loss, double duplicate, int delayMillis, int jitterMillis) {
        public static final Impairment NONE = new Impairment(0, 0, 0, 0);

        public Impairment {
            if (loss < 0 || loss > 1 || duplicate < 0 || duplicate > 1 || delayMillis < 0 || jitterMillis < 0) {
                throw new IllegalArgumentException("bad impairment " + loss + "/" + duplicate + "/" + delayMillis + "/" + jitterMillis);
            }
        }
    }

    /** Which way a datagram travels through the relay. */
    public enum Direction { TO_SERVER, TO_CLIENT }

    /**
     * Sees every datagram the relay receives, before impairment (what the sender sent), on the relay
     * thread. {@code client} is the client's address on both directions.
     */
    @FunctionalInterface
    public interface Tap {
        void seen(Direction direction, InetSocketAddress client, byte[] datagram);
    }

    private final DatagramChannel front;
    private volatile InetSocketAddress server;
    private final Selector selector;
    private final Thread thread;
    private final ScheduledExecutorService delayer;
    private final long seed;
    /** One random stream per client and direction (index 0: towards the server, 1: towards the client). */
    private final Map<InetSocketAddress, Random[]> streams = new ConcurrentHashMap<>();
    private final AtomicInteger clientsSeen = new AtomicInteger();
    private final Map<InetSocketAddress, DatagramChannel> upstream = new ConcurrentHashMap<>();
    private final Map<DatagramChannel, InetSocketAddress> clientOf = new ConcurrentHashMap<>();
    private volatile Impairment toServer = Impairment.NONE;
    private volatile Impairment toClient = Impairment.NONE;
    private volatile boolean running = true;
    public final AtomicLong forwarded = new AtomicLong();
    public final AtomicLong lost = new AtomicLong();
    public final AtomicLong duplicated = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Tap tap = (d, c, b) -> { };

    public UdpRelay(InetSocketAddress server, long seed) throws IOException {
        this.server = server;
        this.seed = seed;
        this.selector = Selector.open();
        this.front = DatagramChannel.open(StandardProtocolFamily.INET);
        front.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        front.configureBlocking(false);
        front.register(selector, SelectionKey.OP_READ);
        this.delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-relay-delay");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "test-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where clients should send: the relay's front address. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void impair(Impairment toServer, Impairment toClient) {
        this.toServer = toServer;
        this.toClient = toClient;
    }

    /**
     * From now on forwards to {@code newServer}: what a client sees when its server crashed and a new
     * one, with no state, came up in its place.
     */
    public void retarget(InetSocketAddress newServer) {
        this.server = newServer;
    }

    /** Installs a tap that sees every datagram before impairment (replaces any earlier tap). */
    public void tap(Tap tap) {
        this.tap = tap == null ? (d, c, b) -> { } : tap;
    }

    /** The address the server sees for {@code client} (its upstream socket), or null if none yet. */
    public InetSocketAddress upstreamAddress(InetSocketAddress client) {
        DatagramChannel up = upstream.get(client);
        try {
            return up == null ? null : (InetSocketAddress) up.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Sends {@code data} to the server from {@code client}'s upstream socket, i.e. from the address the
     * server knows that client by (as an on-path attacker could).
     *
     * @throws IllegalStateException if that client has sent nothing through the relay yet
     */
    public void injectToServer(InetSocketAddress client, byte[] data) throws IOException {
        DatagramChannel up = upstream.get(client);
        if (up == null) {
            throw new IllegalStateException("no upstream socket for " + client);
        }
        up.send(ByteBuffer.wrap(data), server);
    }

    /**
     * Moves {@code client} to a new source port towards the server, as a NAT does when its binding
     * expires: later datagrams from that client leave from a fresh upstream socket, and the old one is
     * closed (the server's answers to the old port are lost, as behind a real NAT).
     *
     * @return the new address the server sees for that client
     * @throws IllegalStateException if that client has sent nothing through the relay yet
     */
    public InetSocketAddress rebind(InetSocketAddress client) throws IOException {
        DatagramChannel fresh = DatagramChannel.open(StandardProtocolFamily.INET);
        fresh.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        fresh.configureBlocking(false);
        clientOf.put(fresh, client);
        fresh.register(selector, SelectionKey.OP_READ); // does not wait for select() since JDK 11
        selector.wakeup();
        DatagramChannel old = upstream.replace(client, fresh);
        if (old == null) {
            upstream.remove(client);
            clientOf.remove(fresh);
            fresh.close();
            throw new IllegalStateException("no upstream socket for " + client);
        }
        clientOf.remove(old);
        old.close();
        return (InetSocketAddress) fresh.getLocalAddress();
    }

    /** Delayed datagrams scheduled but not yet sent (0 when the relay holds nothing back). */
    public int pending() {
        return pending.get();
    }

    /** Sends {@code data} to {@code client} from the relay's front address (as if from the server). */
    public void injectToClient(InetSocketAddress client, byte[] data) throws IOException {
        front.send(ByteBuffer.wrap(data), client);
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocate(65_535);
        try {
            while (running) {
                selector.select();
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    while (true) {
                        buf.clear();
                        InetSocketAddress from;
                        try {
                            from = (InetSocketAddress) ch.receive(buf);
                        } catch (java.nio.channels.ClosedChannelException e) {
                            break; // an upstream socket closed by rebind()
                        }
                        if (from == null) {
                            break;
                        }
                        byte[] d = new byte[buf.flip().remaining()];
                        buf.get(d);
                        if (ch == front) {
                            DatagramChannel up = upstream.computeIfAbsent(from, this::openUpstream);
                            see(Direction.TO_SERVER, from, d);
                            forward(d, toServer, stream(from, 0), () -> up.send(ByteBuffer.wrap(d), server));
                        } else {
                            InetSocketAddress client = clientOf.get(ch);
                            if (client == null) {
                                break; // an upstream socket being replaced by rebind()
                            }
                            see(Direction.TO_CLIENT, client, d);
                            forward(d, toClient, stream(client, 1), () -> front.send(ByteBuffer.wrap(d), client));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                throw new IllegalStateException("relay failed", e);
            }
        }
    }

    private void see(Direction direction, InetSocketAddress client, byte[] d) {
        try {
            tap.seen(direction, client, d.clone());
        } catch (RuntimeException e) {
            // a faulty tap must not stop the relay; the test sees its own failure
        }
    }

    private DatagramChannel openUpstream(InetSocketAddress client) {
        try {
            DatagramChannel up = DatagramChannel.open(StandardProtocolFamily.INET);
            up.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            up.configureBlocking(false);
            up.register(selector, SelectionKey.OP_READ);
            clientOf.put(up, client);
            return up;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Send {
        void run() throws IOException;
    }

    private Random stream(InetSocketAddress client, int direction) {
        return streams.computeIfAbsent(client, c -> {
            long flow = seed * 1_000_003L + clientsSeen.getAndIncrement() * 2L;
            return new Random[] {new Random(flow), new Random(flow + 1)};
        })[direction];
    }

    private void forward(byte[] d, Impairment imp, Random random, Send send) {
        int copies;
        long[] delays;
        synchronized (random) {
            if (imp.loss() > 0 && random.nextDouble() < imp.loss()) {
                lost.incrementAndGet();
                return;
            }
            copies = imp.duplicate() > 0 && random.nextDouble() < imp.duplicate() ? 2 : 1;
            delays = new long[copies];
            for (int i = 0; i < copies; i++) {
                delays[i] = imp.delayMillis() + (imp.jitterMillis() > 0 ? random.nextInt(imp.jitterMillis() + 1) : 0);
            }
        }
        if (copies == 2) {
            duplicated.incrementAndGet();
        }
        for (long delay : delays) {
            Runnable task = () -> {
                try {
                    send.run();
                    forwarded.incrementAndGet();
                } catch (IOException ignored) {
                    // a closed socket at the end of a test
                }
            };
            if (delay == 0) {
                task.run();
            } else {
                pending.incrementAndGet();
                delayer.schedule(() -> {
                    try {
                        task.run();
                    } finally {
                        pending.decrementAndGet();
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delayer.shutdownNow();
        selector.close();
        front.close();
        for (DatagramChannel up : upstream.values()) {
            up.close();
        }
    }
}
