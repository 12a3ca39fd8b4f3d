package io.dtlskit;

import io.dtlskit.internal.ClientContext;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The associations of one {@link DtlsClient} not yet ended: starts each on its own virtual thread,
 * forgets it when it ends, and shuts them all down for the client.
 */
final class ClientAssociations {
    private final ThreadFactory threads = Thread.ofVirtual().name("dtlskit-association-", 0).factory();
    private final Set<DtlsAssociation> live = ConcurrentHashMap.newKeySet();

    /** Creates the association and starts its handshake at once. */
    DtlsAssociation open(ClientContext context, String name, InetSocketAddress server, String identity, PskKey key,
                         InetSocketAddress localAddress, AssociationListener listener, DataHandler dataHandler) {
        DtlsAssociation[] self = new DtlsAssociation[1];
        DtlsAssociation a = new DtlsAssociation(context, name, server, identity, key, localAddress, listener,
                dataHandler, () -> live.remove(self[0]));
        self[0] = a;
        live.add(a);
        a.start(threads);
        return a;
    }

    List<DtlsAssociation> snapshot() {
        return new ArrayList<>(live);
    }

    /** close_notify where encrypted, without waiting. */
    void shutdownAll() {
        for (DtlsAssociation a : live) {
            a.close();
        }
    }

    /** Shuts every association down and waits (bounded) for their threads to finish. */
    void closeAll() {
        List<CompletableFuture<AssociationState>> ends = new ArrayList<>();
        for (DtlsAssociation a : live) {
            a.close();
            ends.add(a.terminated());
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a stuck association is reported by its own events; the client still releases the reactor
        }
    }
}
