package io.dtlskit;

import io.dtlskit.internal.Addresses;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link DtlsServer} does with each encrypted association. Callbacks of one session run on that
 * session's own (virtual) thread, in order, never on the reactor thread and never under a library lock:
 * a handler may block, which holds back only its own session (its datagrams wait in its bounded queue).
 * An exception thrown here is logged and the session goes on.
 */
public interface ServerHandler {
    /** The handshake completed: {@link DtlsSession#identity()} and the suite are known. */
    default void onOpen(DtlsSession session) {
    }

    /** One record of application data arrived (never empty: empty records are a {@link ServerEvent.EmptyDatagram}). */
    default void onData(DtlsSession session, byte[] data) {
    }

    /** The session ended; {@code reason} says how (close_notify, idle timeout, failure, server shutdown). */
    default void onClose(DtlsSession session, String reason) {
    }

    /** Answers every record with {@code to (<address>:<port>): ACK}, the exact text of Qt's example server. */
    static ServerHandler ack() {
        return new ServerHandler() {
            @Override
            public void onData(DtlsSession session, byte[] data) {
                session.send(("to " + Addresses.peerInfo(session.peer()) + ": ACK").getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }

    /** Sends every record back unchanged. */
    static ServerHandler echo() {
        return new ServerHandler() {
            @Override
            public void onData(DtlsSession session, byte[] data) {
                session.send(data);
            }
        };
    }

    /** Reads and ignores everything (the events still report it). */
    static ServerHandler discard() {
        return new ServerHandler() { };
    }
}
