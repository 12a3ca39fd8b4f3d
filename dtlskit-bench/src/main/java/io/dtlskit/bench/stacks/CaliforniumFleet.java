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
    /** Connectors made and started by {@link #prepare}, waiting for {@link #open}. */
    private final java.util.Map<Integer, Prepared> prepared = new ConcurrentHashMap<>();

    /** A started connector and where its replies go (set by open: Scandium fixes the receiver before start). */
    private record Prepared(DTLSConnector connector, java.util.concurrent.atomic.AtomicReference<Runnable> onReply) {
    }

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

    @Override
    public void prepare(int index) {
        DTLSConnector connector = new DTLSConnector(Californium.config(DtlsConfig.DtlsRole.CLIENT_ONLY,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), settings.suite(), 1, 1, 4).build());
        connector.setExecutor(executor);
        java.util.concurrent.atomic.AtomicReference<Runnable> onReply = new java.util.concurrent.atomic.AtomicReference<>(() -> { });
        connector.setRawDataReceiver(data -> onReply.get().run());
        try {
            connector.start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        open.add(connector);
        prepared.put(index, new Prepared(connector, onReply));
    }

    @Override
    public Peer open(int index, InetSocketAddress server, Runnable onReply) {
        CompletableFuture<Established> ready = new CompletableFuture<>();
        AtomicInteger retransmissions = new AtomicInteger();
        Prepared p = prepared.remove(index);
        if (p == null) {
            prepare(index);
            p = prepared.remove(index);
        }
        p.onReply().set(onReply);
        DTLSConnector connector = p.connector();
        EndpointContext peer = new AddressEndpointContext(server);
        DTLSConnector c = connector;
        try {
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
                c.send(RawData.outbound(payload, peer, null, false));
            }

            @Override
            public void close() {
                if (open.remove(c)) {
                    c.destroy();
                }
            }
        };
    }

    @Override
    public void close() {
        for (DTLSConnector c : open) {
            c.destroy();
        }
        open.clear();
        executor.shutdownNow();
    }
}
