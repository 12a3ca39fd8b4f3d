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

    Attempt attempt(Hello hello) {
        return Attempt.run(target, hello, timing, 1);
    }

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
