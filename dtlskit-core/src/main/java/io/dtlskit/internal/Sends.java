package io.dtlskit.internal;

import io.dtlskit.SendResult;
import org.bouncycastle.tls.DTLSTransport;

import java.io.IOException;

/**
 * One application record out through an engine, with its outcome, for client associations and server
 * sessions alike. The socket write happens on the sending thread, inside the engine's send: a refusal
 * (no buffer space in the non-blocking socket) is noted on that thread by {@link #refused()} and read
 * back here, because the engine must not see an exception for it (docs/bouncy-castle.md #8).
 */
final class Sends {
    private static final ThreadLocal<boolean[]> REFUSED = ThreadLocal.withInitial(() -> new boolean[1]);

    private Sends() {
    }

    /** Called by a socket writer on the sending thread when the socket refused a datagram. */
    static void refused() {
        REFUSED.get()[0] = true;
    }

    /**
     * @param engine null, or not {@code encrypted}, means nothing can be sent
     * @param who    names the association in reasons
     * @param state  the association's state, for the reason when not encrypted
     */
    static SendResult send(DTLSTransport engine, boolean encrypted, String who, Object state,
                           byte[] buf, int off, int len) {
        if (engine == null || !encrypted) {
            return new SendResult(SendResult.Status.NOT_ENCRYPTED, who + ": cannot send, association is " + state);
        }
        try {
            int limit = engine.getSendLimit();
            if (len > limit) { // larger would fail the whole association (docs/bouncy-castle.md #8)
                return new SendResult(SendResult.Status.TOO_LARGE, who + ": " + len
                        + " bytes exceed the send limit of " + limit + " bytes per record");
            }
            boolean[] refused = REFUSED.get();
            refused[0] = false;
            engine.send(buf, off, len);
            return refused[0] ? new SendResult(SendResult.Status.REFUSED_BY_SOCKET,
                    who + ": the socket had no buffer space, datagram dropped") : SendResult.accepted();
        } catch (IOException e) {
            return new SendResult(SendResult.Status.FAILED, who + ": failed to send - " + Failures.describe(e));
        }
    }
}
