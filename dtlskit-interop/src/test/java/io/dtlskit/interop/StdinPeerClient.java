package io.dtlskit.interop;

import io.dtlskit.testing.PeerProcess;

import java.time.Duration;
import java.util.List;

/**
 * A peer client program that sends each stdin line as one record, prints what arrives, and on end of
 * stdin sends close_notify and exits 0 ({@code openssl s_client}, {@code gnutls-cli}, our wolfSSL
 * peer). Subclasses say how to start it and which output line marks its finished handshake.
 */
abstract class StdinPeerClient implements PeerClient {
    private final String label;
    private PeerProcess process;
    private int afterHandshake = -1;

    StdinPeerClient(String label) {
        this.label = label;
    }

    /** The output that marks the finished handshake, and how to name it in a failure. */
    abstract String handshakeLine();

    String handshakeWhat() {
        return "its handshake line";
    }

    /** Waits for what the program prints after end of stdin, before it exits (nothing by default). */
    void beforeExit(PeerProcess process, int afterHandshake) {
    }

    final void run(List<String> command) throws Exception {
        process = PeerProcess.start(label, command, null);
    }

    final PeerProcess process() {
        return process;
    }

    @Override
    public final PeerServer.Expected sendPing(int n) throws Exception {
        if (afterHandshake < 0) {
            afterHandshake = process.awaitOutput(handshakeLine(), Peers.STEP, handshakeWhat());
        }
        String line = PeerClient.ping(label, n) + "\n";
        process.write(line);
        return PeerServer.Expected.exactly(line);
    }

    @Override
    public final void awaitReply(int n, Duration timeout) {
        process.awaitCount("): ACK", n + 1, afterHandshake, timeout, "our ACK");
    }

    @Override
    public final void closeNotify() throws Exception {
        process.closeStdin();
        beforeExit(process, afterHandshake);
        int code = process.awaitExit(Peers.STEP, "after end of stdin");
        if (code != 0) {
            throw new AssertionError(label + " exited with " + code + "; output:\n" + process.tail());
        }
    }

    @Override
    public final void close() {
        if (process != null) {
            process.close();
        }
    }
}
