package io.dtlskit.app.gui;

import io.dtlskit.AssociationListener;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.EventLevel;
import io.dtlskit.PskKey;
import io.dtlskit.app.QtDefaults;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The client window's clients and associations: one {@link DtlsClient} per ping interval and
 * authentication choice (the interval and the certificate settings are client settings in the core),
 * and the associations not yet shut down by the user, by name (Qt's connection list). Used on the
 * event thread only; closing, which may block, is left to the window's worker.
 */
final class ClientConnections {
    private record ClientKey(Duration pingInterval, AuthChoice auth) {
    }

    private final PskKey defaultKey;
    private final Duration handshakeTimeout;
    private final BiConsumer<EventLevel, String> info;
    private final Map<ClientKey, DtlsClient> clients = new LinkedHashMap<>();
    private final Map<String, DtlsAssociation> live = new LinkedHashMap<>();

    /**
     * @param defaultKey null means Qt's example key
     * @param info       where a new client's authentication is announced
     */
    ClientConnections(PskKey defaultKey, Duration handshakeTimeout, BiConsumer<EventLevel, String> info) {
        this.defaultKey = defaultKey;
        this.handshakeTimeout = handshakeTimeout;
        this.info = info;
    }

    /**
     * Opens an association to {@code server} with the "Host info" dialog's settings and remembers it.
     *
     * @throws RuntimeException if the client or the association cannot be made (the message says why)
     */
    DtlsAssociation connect(InetSocketAddress server, ConnectSettings s, AssociationListener listener) {
        DtlsClient client = clients.get(new ClientKey(s.pingInterval(), s.auth()));
        if (client == null) {
            client = newClient(s.pingInterval(), s.auth());
            clients.put(new ClientKey(s.pingInterval(), s.auth()), client);
            if (s.auth().mode() != AuthChoice.Mode.PSK) {
                info.accept(s.auth().insecure() ? EventLevel.WARNING : EventLevel.INFO, "Authentication: " + s.auth().describe());
            }
        }
        DtlsClient.AssociationBuilder b = client.association(server).listener(listener);
        if (!s.pskIdentity().isEmpty()) {
            b.pskIdentity(s.pskIdentity());
        }
        if (s.pskKey() != null) {
            b.pskKey(s.pskKey()); // this association only; a blank field means the client's default key
        }
        DtlsAssociation a = b.connect();
        live.put(a.name(), a);
        return a;
    }

    private DtlsClient newClient(Duration pingInterval, AuthChoice auth) {
        // A certificate or raw-key choice offers only those suites: no PSK beside them.
        DtlsClient.Builder b = (auth.mode() == AuthChoice.Mode.PSK
                ? QtDefaults.client(defaultKey != null ? defaultKey : QtDefaults.key(), pingInterval)
                : QtDefaults.client(pingInterval)).onData((association, data) -> { }).handshakeTimeout(handshakeTimeout);
        try {
            auth.apply(b);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
        }
        return b.build();
    }

    /** The live association of this name, or null. */
    DtlsAssociation get(String name) {
        return live.get(name);
    }

    /** Forgets the association of this name (shut down by the user, or ended) and returns it, or null. */
    DtlsAssociation remove(String name) {
        return live.remove(name);
    }

    /** Forgets every association at once, as Qt clears its list, and returns them to be closed. */
    List<DtlsAssociation> removeAll() {
        List<DtlsAssociation> all = new ArrayList<>(live.values());
        live.clear();
        return all;
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    void forEachLive(Consumer<DtlsAssociation> action) {
        live.values().forEach(action);
    }

    /** Forgets every client and association and returns the clients to be closed. */
    List<DtlsClient> detach() {
        List<DtlsClient> all = new ArrayList<>(clients.values());
        clients.clear();
        live.clear();
        return all;
    }
}
