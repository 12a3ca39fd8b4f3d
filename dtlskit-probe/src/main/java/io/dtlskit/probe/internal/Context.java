package io.dtlskit.probe.internal;

import io.dtlskit.PskKey;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/** What every scan step needs: the target, the waits, the randomness and the progress line. */
public record Context(InetSocketAddress target, Attempt.Timing timing, Random random, Consumer<String> progress,
                      String pskIdentity, PskKey pskKey, long retransmissionBoundMillis) {

    public static Context of(InetSocketAddress target, long quietMillis, long replyMillis, Consumer<String> progress,
                             String pskIdentity, PskKey pskKey, long retransmissionBoundMillis) {
        return new Context(target, new Attempt.Timing(quietMillis, replyMillis), new SecureRandom(), progress,
                pskIdentity, pskKey, retransmissionBoundMillis);
    }

    /**
     * One question to the server. A ClientHello left unanswered is sent once more before silence
     * counts as an answer, as a DTLS client retransmits its flight (RFC 6347 §4.2.4): a server that
     * serves one client at a time (mbedTLS's ssl_server2) may still be finishing the previous attempt.
     */
    Attempt attempt(Hello hello) {
        return Attempt.run(target, hello, timing, UNANSWERED_TRIES);
    }

    /** Sends of a ClientHello before its silence is read as the server's answer. */
    static final int UNANSWERED_TRIES = 2;

    Hello hello(org.bouncycastle.tls.ProtocolVersion version, int[] suites, Set<Hello.Extra> extras) {
        return Hello.of(version, suites, extras, random);
    }

    void progress(String step) {
        progress.accept(step);
    }

    boolean hasCredentials() {
        return pskIdentity != null && pskKey != null;
    }
}
