package io.dtlskit.bench.stacks;

import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** dtlskit's own client: one {@link DtlsClient} (one reactor thread) for every association. */
final class DtlskitFleet implements Fleet {
    private final DtlsClient client;
    /** With {@link Settings#resume()}: a second client whose associations resume its cached session. */
    private final DtlsClient resumingClient;
    private final java.util.concurrent.atomic.LongAdder resumed = new java.util.concurrent.atomic.LongAdder();

    DtlskitFleet(Settings settings) {
        DtlsClient.Builder b = DtlsClient.builder()
                .cipherSuites(List.of(settings.suite()))
                .pskIdentity(Keys.IDENTITY)
                .pskKey(Keys.PSK) // no keep-alive: the bench paces the datagrams itself
                .handshakeTimeout(settings.handshakeTimeout())
                .inboundQueue(64);
        this.client = b.build();
        this.resumingClient = settings.resume() ? b.resume(true).build() : null;
    }

    @Override
    public Peer open(int index, InetSocketAddress server, Runnable onReply) {
        return open(client, index, server, onReply);
    }

    @Override
    public Peer openResuming(int index, InetSocketAddress server, Runnable onReply) {
        return open(resumingClient != null ? resumingClient : client, index, server, onReply);
    }

    private Peer open(DtlsClient client, int index, InetSocketAddress server, Runnable onReply) {
        DtlsAssociation a = client.association(server)
                .name("bench-" + index)
                .onData((association, data) -> onReply.run())
                .connect();
        CompletableFuture<Established> ready = a.handshake().thenApply(r -> {
            if (r.resumed()) {
                resumed.increment();
            }
            return new Established(r.retransmissions());
        });
        return new Peer() {
            @Override
            public CompletableFuture<Established> ready() {
                return ready;
            }

            @Override
            public void send(byte[] payload) {
                a.send(payload); // a refused datagram is lost like any other: the bench counts replies
            }

            @Override
            public void close() {
                a.close();
            }
        };
    }

    @Override
    public long resumed() {
        return resumed.sum();
    }

    @Override
    public long dropped() {
        long n = 0;
        for (DtlsAssociation a : client.associations()) {
            n += a.stats().droppedTotal();
        }
        return n;
    }

    @Override
    public void close() {
        client.close();
        if (resumingClient != null) {
            resumingClient.close();
        }
    }
}
