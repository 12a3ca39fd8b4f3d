package io.dtlskit.reliability;

import io.dtlskit.AssociationState;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.Qt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's session cache under 10,000 distinct sessions from real handshakes: it holds no more
 * than its bound, and the heap after the last 8,000 is where it was after the first 2,000 (a session
 * is a few hundred bytes: unbounded, 8,000 more would add megabytes).
 */
@Tag("slow")
class SessionCacheBoundTest extends LeakCheckedTest {
    static final int BOUND = 100;
    static final int BATCH = 100;

    @Test
    void tenThousandDistinctSessionsKeepTheCacheAndTheHeapFlat() throws Exception {
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sessionCache(BOUND, Duration.ofHours(1)).start());
        // No resumption on the client: every handshake is a full one, a new session at the server.
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).build());
        handshakes(client, server, 2_000);
        assertThat(server.stats().sessionsCached()).isEqualTo(BOUND);
        long afterTwoThousand = Poll.usedHeapAfterGc();

        handshakes(client, server, 8_000);

        long afterTenThousand = Poll.usedHeapAfterGc();
        assertThat(server.stats().handshakesCompleted()).isEqualTo(10_000);
        assertThat(server.stats().handshakesResumed()).isZero();
        assertThat(server.stats().sessionsCached()).as("sessions held after 10,000").isEqualTo(BOUND);
        assertThat(afterTenThousand - afterTwoThousand).as("heap growth in bytes over 8,000 more sessions")
                .isLessThan(Poll.MIB);
    }

    /** {@code n} handshakes, {@link #BATCH} at a time, each association closed once established. */
    private static void handshakes(DtlsClient client, DtlsServer server, int n) throws Exception {
        for (int done = 0; done < n; done += BATCH) {
            List<DtlsAssociation> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(client.association(server.localAddress()).connect());
            }
            CompletableFuture.allOf(batch.stream().map(DtlsAssociation::handshake).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            batch.forEach(DtlsAssociation::close);
            for (DtlsAssociation a : batch) {
                assertThat(a.terminated().get(30, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
            }
        }
        // The server forgets each association when its close_notify arrives: wait for that, bounded.
        Poll.until(() -> server.stats().associations() == 0, Duration.ofSeconds(30), "the server forgot them all",
                server::stats);
    }
}
