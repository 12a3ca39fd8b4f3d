package io.dtlskit.bench.stacks;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Californium baseline client. A Scandium connector holds one connection per peer address, so
 * simulating N devices against one server takes N connectors (N sockets). They share one executor of
 * as many threads as cores; Scandium still gives each connector its own receiver thread and timer,
 * which is the cost of using it as a fleet simulator and is reported as measured.
 */
final class CaliforniumFleet implements Fleet {
    private static final byte[] EMPTY = new byte[0];

    private final Settings settings;
    private final ExecutorService executor;
    private final Set<DTLSConnector> open = ConcurrentHashMap.newKeySet();
    /**
     * With resumption: connectors whose session is established and that no peer uses now. A Scandium
     * client keeps its session per connector (per socket), so resuming means reusing a connector and
     * forcing an abbreviated handshake on it ({@code forceResumeSessionFor}).
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<DTLSConnector> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<DTLSConnector, org.eclipse.californium.elements.util.Bytes> sessionIds = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder resumed = new java.util.concurrent.atomic.LongAdder();
    private final Map<DTLSConnector, Runnable> receivers = new ConcurrentHashMap<>();
    private static final Runnable NO_REPLY = () -> { };
    /** Connectors kept for resumption: each holds a socket and a receiver thread. */
    private static final int MAX_IDLE = 256;
    /** Connectors made and started by {@link #prepare}, waiting for {@link #open}. */
    private final Map<Integer, DTLSConnector> prepared = new ConcurrentHashMap<>();

    CaliforniumFleet(Settings settings) {
        this.settings = settings;
        Californium.scandiumSuite(settings.suite()); // fail early on a suite Scandium lacks
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                r -> Thread.ofPlatform().name("californium-client-" + n.getAndIncrement()).daemon(true).unstarted(r));
    }

    @Override
    public boolean needsPreparation() {
        return true;
    }

    /** A new started connector (socket, receiver thread, timer), outside the latency measure. */
    @Override
    public void prepare(int index) {
        prepared.put(index, newConnector());
    }

    private DTLSConnector newConnector() {
        DTLSConnector connector = new DTLSConnector(Californium.config(
                DtlsConfig.DtlsRole.CLIENT_ONLY, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                settings.suite(), 1, 1, 4).build());
        // Set once: Scandium refuses a new receiver on a running connector (a prepared or reused one).
        connector.setRawDataReceiver(data -> receivers.getOrDefault(connector, NO_REPLY).run());
        connector.setExecutor(executor);
        try {
            connector.start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        open.add(connector);
        return connector;
    }

    @Override
    public Peer open(int index, InetSocketAddress server, Runnable onReply) {
        DTLSConnector ready = prepared.remove(index);
        return open(server, onReply, ready != null ? ready : newConnector(), false);
    }

    @Override
    public Peer openResuming(int index, InetSocketAddress server, Runnable onReply) {
        DTLSConnector reused = settings.resume() ? idle.poll() : null;
        return open(server, onReply, reused != null ? reused : newConnector(), reused != null);
    }

    private Peer open(InetSocketAddress server, Runnable onReply, DTLSConnector connector, boolean resume) {
        CompletableFuture<Established> ready = new CompletableFuture<>();
        AtomicInteger retransmissions = new AtomicInteger();
        receivers.put(connector, onReply);
        EndpointContext peer = new AddressEndpointContext(server);
        try {
            if (resume) {
                connector.forceResumeSessionFor(server); // the next send starts an abbreviated handshake
            }
            // Scandium starts the handshake with the first datagram; an empty one gets no reply.
            connector.send(RawData.outbound(EMPTY, peer, new MessageCallback() {
                @Override
                public void onConnecting() {
                }

                @Override
                public void onDtlsRetransmission(int flight) {
                    retransmissions.incrementAndGet();
                }

                @Override
                public void onContextEstablished(EndpointContext context) {
                    var id = context.get(org.eclipse.californium.elements.DtlsEndpointContext.KEY_SESSION_ID);
                    if (id != null && id.equals(sessionIds.put(connector, id))) {
                        resumed.increment(); // the same session ID again: the handshake resumed it
                    }
                    ready.complete(new Established(retransmissions.get()));
                }

                @Override
                public void onSent() {
                    ready.complete(new Established(retransmissions.get()));
                }

                @Override
                public void onError(Throwable error) {
                    ready.completeExceptionally(error);
                }
            }, false));
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.orTimeout(settings.handshakeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return new Peer() {
            @Override
            public CompletableFuture<Established> ready() {
                return ready;
            }

            @Override
            public void send(byte[] payload) {
                connector.send(RawData.outbound(payload, peer, null, false));
            }

            @Override
            public void close() {
                if (open.remove(connector)) {
                    if (settings.resume() && ready.isDone() && !ready.isCompletedExceptionally()
                            && idle.size() < MAX_IDLE) {
                        idle.add(connector); // kept with its session for a later abbreviated handshake
                    } else {
                        sessionIds.remove(connector);
                        receivers.remove(connector);
                        connector.destroy();
                    }
                }
            }
        };
    }

    @Override
    public long resumed() {
        return settings.resume() ? resumed.sum() : -1;
    }

    @Override
    public void close() {
        for (DTLSConnector c : open) {
            c.destroy();
        }
        open.clear();
        for (DTLSConnector c; (c = idle.poll()) != null; ) {
            c.destroy();
        }
        prepared.clear(); // their connectors are in open, destroyed above
        sessionIds.clear();
        receivers.clear();
        executor.shutdownNow();
    }
}
