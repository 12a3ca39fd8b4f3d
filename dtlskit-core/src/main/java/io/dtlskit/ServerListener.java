package io.dtlskit;

/**
 * Receives a server's events. Calls come from the server's reactor thread and from its sessions'
 * threads, so an implementation must be thread-safe; events of one peer arrive in order. Calls must
 * be fast and must not block; exceptions are caught and logged.
 */
@FunctionalInterface
public interface ServerListener {
    ServerListener NONE = event -> { };

    void onEvent(ServerEvent event);
}
