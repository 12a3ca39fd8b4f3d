package io.dtlskit;

/**
 * Receives a client association's events. The contract, as for OkHttp's EventListener: calls are
 * made on the association's own thread, one at a time and in order; they must be fast and must not
 * block (a window should hand events to its own queue); they are never made while the library holds
 * a lock; an exception thrown here is caught and logged, never allowed to break the association.
 */
@FunctionalInterface
public interface AssociationListener {
    /** A listener that ignores everything. */
    AssociationListener NONE = event -> { };

    void onEvent(AssociationEvent event);
}
