package io.dtlskit.interop;

import io.dtlskit.CipherSuite;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/** A peer in the client role, talking to a dtlskit server. One implementation per peer program. */
interface PeerClient extends AutoCloseable {
    String peer();

    /** Why this peer cannot run {@code suite}, or empty if it can. */
    Optional<String> unsupported(CipherSuite suite);

    /** Starts the peer against {@code server}, offering only {@code suite}, with the Qt key. */
    default void start(InetSocketAddress server, CipherSuite suite) throws Exception {
        start(server, suite, Peers.KEY_HEX);
    }

    /** Starts the peer against {@code server}, offering only {@code suite}, with {@code keyHex}. */
    void start(InetSocketAddress server, CipherSuite suite, String keyHex) throws Exception;

    /**
     * Sends ping {@code n} (0, 1, 2), waiting first for the peer's handshake where it prints one,
     * and returns what our server must receive. Peers that send on their own (mbedTLS' ssl_client2
     * with {@code exchanges=3}) only return what they send.
     */
    PeerServer.Expected sendPing(int n) throws Exception;

    /** Waits until the peer shows it received our server's reply {@code n} (0, 1, 2): {@code to (a:p): ACK}. */
    void awaitReply(int n, Duration timeout) throws Exception;

    /** Ends the session with close_notify (mbedTLS' ssl_client2 does so by itself after its exchanges). */
    void closeNotify() throws Exception;

    /**
     * A known crash of the peer program after a completed handshake with {@code suite}: why, or
     * empty. The cell is then n/a, and the test proves the claim (our server completes the
     * handshake with the suite, then the peer dies with {@link #crashExitCode()}).
     */
    default Optional<String> crashesAfterHandshake(CipherSuite suite) {
        return Optional.empty();
    }

    /** The exit code of that crash (128 + signal number for a signal). */
    default int crashExitCode() {
        return 128 + 11; // SIGSEGV
    }

    /** Waits for the peer program to end and returns its exit code. */
    default int awaitExit(Duration timeout) throws Exception {
        throw new UnsupportedOperationException(peer() + " is not a process");
    }

    @Override
    void close();

    /** The ping text a peer client sends, in the Qt wording (docs/qt-compatibility.md §1). */
    static String ping(String who, int n) {
        return "I am " + who + ", please, accept our ping " + n;
    }
}
