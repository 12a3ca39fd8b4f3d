package io.dtlskit.internal;

import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SessionParameters;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCacheTest {
    private static final TlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    private final Random random = new Random(14);

    /** A resumable session as Bouncy Castle builds one after a handshake: an ID and a 48-byte master secret. */
    private TlsSession session() {
        byte[] id = new byte[32];
        byte[] secret = new byte[48];
        random.nextBytes(id);
        random.nextBytes(secret);
        SessionParameters p = new SessionParameters.Builder()
                .setCipherSuite(0x00A8)
                .setNegotiatedVersion(ProtocolVersion.DTLSv12)
                .setMasterSecret(CRYPTO.createSecret(secret))
                .setPSKIdentity("Alice".getBytes())
                .setExtendedMasterSecret(true)
                .build();
        return TlsUtils.importSession(id, p);
    }

    @Test
    void returnsWhatWasStored() {
        SessionCache<String> cache = new SessionCache<>(10, Duration.ofHours(1));
        TlsSession s = session();
        cache.put("k", s);
        assertThat(cache.get("k")).isSameAs(s);
        assertThat(cache.get("other")).isNull();
    }

    @Test
    void aSessionPastItsLifetimeIsRefusedAndInvalidated() {
        AtomicLong now = new AtomicLong();
        SessionCache<String> cache = new SessionCache<>(10, Duration.ofMinutes(5), now::get);
        TlsSession s = session();
        cache.put("k", s);
        now.addAndGet(Duration.ofMinutes(5).minusNanos(1).toNanos());
        assertThat(cache.get("k")).isSameAs(s);
        now.addAndGet(1);
        assertThat(cache.get("k")).isNull();
        assertThat(s.isResumable()).as("Bouncy Castle must not resume it either").isFalse();
        assertThat(cache.expired()).isEqualTo(1);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedGoesFirstWhenFull() {
        SessionCache<Integer> cache = new SessionCache<>(2, Duration.ofHours(1));
        TlsSession one = session();
        TlsSession two = session();
        cache.put(1, one);
        cache.put(2, two);
        cache.get(1); // 2 is now the least recently used
        cache.put(3, session());
        assertThat(cache.get(2)).isNull();
        assertThat(two.isResumable()).isFalse();
        assertThat(cache.get(1)).isSameAs(one);
        assertThat(cache.evicted()).isEqualTo(1);
    }

    @Test
    void nonResumableSessionsAreNotStored() {
        SessionCache<String> cache = new SessionCache<>(2, Duration.ofHours(1));
        TlsSession s = session();
        s.invalidate();
        cache.put("k", s);
        assertThat(cache.size()).isZero();
        cache.put("k", TlsUtils.importSession(new byte[0], null));
        assertThat(cache.size()).as("an empty session ID cannot be resumed").isZero();
    }

    /**
     * 10,000 distinct sessions through a cache of 1,000: it holds 1,000, and the heap after the last
     * 8,000 is where it was after the first 2,000 (a session is a few hundred bytes, see below: an
     * unbounded cache would have grown by megabytes).
     */
    @Test
    void staysBoundedUnderTenThousandDistinctSessions() {
        SessionCache<Integer> cache = new SessionCache<>(1_000, Duration.ofHours(1));
        for (int i = 0; i < 2_000; i++) {
            cache.put(i, session());
        }
        long afterTwoThousand = usedHeapAfterGc();
        for (int i = 2_000; i < 10_000; i++) {
            cache.put(i, session());
        }
        long afterTenThousand = usedHeapAfterGc();
        assertThat(cache.size()).isEqualTo(1_000);
        assertThat(cache.evicted()).isEqualTo(9_000);
        assertThat(cache.get(8_999)).isNull();
        assertThat(cache.get(9_999)).isNotNull();
        assertThat(afterTenThousand - afterTwoThousand).as("heap growth in bytes over 8,000 more sessions")
                .isLessThan(1L << 20); // unbounded, 8,000 more sessions would add about 2.5 MiB
    }

    /** What a cached session costs: documented in docs/connection-id-and-resumption.md. */
    @Test
    void aCachedSessionCostsAboutOneKibibyte() {
        SessionCache<Integer> cache = new SessionCache<>(10_000, Duration.ofHours(1));
        long before = usedHeapAfterGc();
        for (int i = 0; i < 10_000; i++) {
            cache.put(i, session());
        }
        long perSession = (usedHeapAfterGc() - before) / 10_000;
        System.out.println("heap per cached session: " + perSession + " bytes");
        assertThat(perSession).isBetween(100L, 2048L);
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // a few rounds: System.gc() is a request
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
