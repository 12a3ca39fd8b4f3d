package io.dtlskit.bench.stacks;

import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** dtlskit's own client: one {@link DtlsClient} (one reactor thread) for every association. */
final class DtlskitFleet implements Fleet {
    private final DtlsClient client;

    DtlskitFleet(Settings settings) {
        this.client = DtlsClient.builder()
                .cipherSuites(List.of(settings.suite()))
                .pskIdentity(Keys.IDENTITY)
                .pskKey(Keys.PSK) // no keep-alive: the bench paces the datagrams itself
                .handshakeTimeout(settings.handshakeTimeout())
                .inboundQueue(64)
                .build();
    }

    @Override
    public Peer open(int index, InetSocketAddress server, Runnable onReply) {
        DtlsAssociation a = client.association(server)
                .name("bench-" + index)
                .onData((association, data) -> onReply.run())
                .connect();
        CompletableFuture<Established> ready = a.handshake().thenApply(r -> new Established(r.retransmissions()));
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
    }
}
