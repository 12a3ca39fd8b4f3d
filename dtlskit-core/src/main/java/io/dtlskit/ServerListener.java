package io.dtlskit;

/**
 * Receives a server's events.
 *
 * <p>The contract: calls come from one event thread of the server's own, in the order the events
 * happened (those of one peer in that peer's order), never from the thread that reads the socket and
 * never while the library holds a lock. An implementation must be fast and must not block; if it falls
 * more than 65,536 events behind, further events are dropped and counted
 * ({@link DtlsServer#eventsDropped()}). It must not throw; an exception is caught and logged. To act on
 * a peer's data, use a {@link ServerHandler}, not a listener.
 */
@FunctionalInterface
public interface ServerListener {
    ServerListener NONE = event -> { };

    void onEvent(ServerEvent event);
}
