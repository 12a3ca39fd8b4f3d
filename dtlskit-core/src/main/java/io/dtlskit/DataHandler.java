package io.dtlskit;

/**
 * Receives a client association's application data, one record at a time, in order, on the
 * association's own thread and never under a library lock. Backpressure: a handler that cannot keep up
 * calls {@link DtlsAssociation#pauseReading()} and later {@link DtlsAssociation#resumeReading()}; while
 * paused, datagrams wait in the association's bounded inbound queue and those beyond it are dropped and
 * counted ({@link DropReason#QUEUE_FULL}). A handler may block (the thread is virtual), which pauses
 * reading just the same. An exception thrown here is logged and the association goes on.
 */
@FunctionalInterface
public interface DataHandler {
    void onData(DtlsAssociation association, byte[] data);
}
