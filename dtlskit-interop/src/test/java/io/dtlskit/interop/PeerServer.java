package io.dtlskit.interop;

import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A peer in the server role, which a dtlskit client talks to. One implementation per peer program;
 * the scenario ({@link InteropRun}) is the same for all, like pion/dtls's e2e suite.
 */
interface PeerServer extends AutoCloseable {
    /** Short peer name for the matrix, e.g. {@code OpenSSL}. */
    String peer();

    /** Why this peer cannot run {@code suite}, or empty if it can. */
    Optional<String> unsupported(CipherSuite suite);

    /**
     * Starts the peer offering only {@code suite}, with the Qt key and hint and one known identity,
     * and waits (bounded) until it is ready. Returns the address to connect to.
     */
    InetSocketAddress start(CipherSuite suite) throws Exception;

    /** Waits until the peer shows that it received {@code plaintext} from our client. */
    void awaitReceived(String plaintext, Duration timeout) throws Exception;

    /**
     * Has the peer send its reply number {@code n} (0, 1, 2) to our ping {@code ping}, if it needs
     * telling, and returns what our client must receive.
     */
    Expected reply(int n, String ping) throws Exception;

    /** Waits until the peer shows that our close_notify arrived. */
    void awaitClosed(Duration timeout) throws Exception;

    /**
     * For the unknown-identity row: a peer that accepts any identity says so here (and the row
     * asserts that the handshake indeed completes and the peer shows it).
     */
    default Optional<String> acceptsAnyIdentity() {
        return Optional.empty();
    }

    /** Waits until the peer shows that it saw an unknown identity (only if it accepts any). */
    default void awaitIdentityWarning(Duration timeout) {
    }

    @Override
    void close();

    /** What our side must receive: a description for messages and the test. */
    record Expected(String description, Predicate<String> test) {
        static Expected exactly(String text) {
            return new Expected("'" + text.strip() + "'", text::equals);
        }
    }
}
