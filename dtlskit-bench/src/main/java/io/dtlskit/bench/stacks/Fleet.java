package io.dtlskit.bench.stacks;

import io.dtlskit.CipherSuite;
import io.dtlskit.bench.Stack;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of one stack under test: opens associations ("peers") to a server. The scenarios
 * (handshakes, echo, hold) are written once against this interface, so every stack does exactly the
 * same job with the same pacing.
 */
public interface Fleet extends AutoCloseable {

    /** One client association. */
    interface Peer {
        /** Completes when the association can carry data (handshake done), or fails. */
        CompletableFuture<Established> ready();

        /** Sends one datagram of application data; may be called from any thread. */
        void send(byte[] payload) throws Exception;

        /** Ends the association (close_notify where the stack has one); returns at once. */
        void close();
    }

    /** What a finished handshake reports. */
    record Established(int retransmissions) {
    }

    /**
     * Starts the handshake of association {@code index}; {@code onReply} runs for every datagram the
     * server sends back once ready. Latency is timed from this call.
     */
    Peer open(int index, InetSocketAddress server, Runnable onReply);

    /** Whether {@link #prepare} does anything for this stack (then the bench runs it ahead of open). */
    default boolean needsPreparation() {
        return false;
    }

    /**
     * Makes what association {@code index} needs before its handshake can start (a Scandium client
     * connector: socket, threads), outside the latency measure. Called in index order on one thread.
     */
    default void prepare(int index) {
    }

    /**
     * Like {@link #open}, but resuming a session from an earlier handshake where the stack can (with
     * {@link Settings#resume()}); the first such handshake is a full one that provides the session.
     */
    default Peer openResuming(int index, InetSocketAddress server, Runnable onReply) {
        return open(index, server, onReply);
    }

    /** Handshakes so far that resumed a session, or -1 if not known. */
    default long resumed() {
        return -1;
    }

    /** Datagrams the client dropped before its engine (queue full, malformed ...), or -1 if not known. */
    default long dropped() {
        return -1;
    }

    /** Closes every peer still open and releases the stack's threads. */
    @Override
    void close();

    /**
     * Settings shared by every stack's client.
     *
     * @param resume later handshakes resume a session of an earlier one (abbreviated, RFC 5246 §7.3)
     */
    record Settings(CipherSuite suite, Duration handshakeTimeout, boolean resume) {
        public Settings(CipherSuite suite, Duration handshakeTimeout) {
            this(suite, handshakeTimeout, false);
        }
    }

    static Fleet create(Stack stack, Settings settings) {
        return switch (stack) {
            case DTLSKIT -> new DtlskitFleet(settings);
            case PLAIN_UDP -> new PlainUdpFleet(settings);
            case CALIFORNIUM -> new CaliforniumFleet(settings);
        };
    }
}
