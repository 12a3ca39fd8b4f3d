package io.dtlskit;

/**
 * Receives a client association's events.
 *
 * <p>The contract: calls are made on the association's own thread, one at a time and in the order the
 * events happened, and never while the library holds a lock (events raised inside the engine, such as
 * {@link AssociationEvent.DatagramSent}, are queued and delivered when the association's thread is free).
 * An implementation must be fast and must not block: a window hands events to its own queue. It must
 * not throw; an exception is caught and logged, never allowed to break the association. Calling the
 * association (for example {@code send}) from here is allowed.
 */
@FunctionalInterface
public interface AssociationListener {
    /** A listener that ignores everything. */
    AssociationListener NONE = event -> { };

    void onEvent(AssociationEvent event);
}
