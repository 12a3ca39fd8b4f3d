package io.dtlskit.worker;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The message encoding and the statistics in the shapes Locust's master reads. */
class WorkerProtocolTest {
    @Test
    void messagesRoundTripAsLocustsTypeDataNodeArray() {
        Map<String, Object> data = Map.of("user_classes_count", Map.of("DtlsDevice", 3L), "user_count", 3L);
        Message back = MessageCodec.decode(MessageCodec.encode(new Message("spawning_complete", data, "host_1")));
        assertThat(back.type()).isEqualTo("spawning_complete");
        assertThat(back.nodeId()).isEqualTo("host_1");
        assertThat(back.data()).isEqualTo(data);
    }

    @Test
    void garbageFromTheMasterIsRejectedWithAReason() {
        assertThatThrownBy(() -> MessageCodec.decode(new byte[] {(byte) 0xc1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("undecodable message");
        byte[] notAnArray = MessageCodec.encode(new Message("x", null, null));
        notAnArray[0] = (byte) 0x92; // a 2-element array
        assertThatThrownBy(() -> MessageCodec.decode(notAnArray)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogramKeysAreRoundedAsLocustRoundsThem() {
        assertThat(StatsEntry.roundedForHistogram(0.4)).isZero();
        assertThat(StatsEntry.roundedForHistogram(58.6)).isEqualTo(59);
        assertThat(StatsEntry.roundedForHistogram(147)).isEqualTo(150);
        assertThat(StatsEntry.roundedForHistogram(3432)).isEqualTo(3400);
        assertThat(StatsEntry.roundedForHistogram(58760)).isEqualTo(59000);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReportHoldsWhatHappenedSinceTheLastOneAndTheTotalsStay() {
        RequestStats stats = new RequestStats(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        stats.success(Requests.HANDSHAKE, 12.5, 0);
        stats.success(Requests.HANDSHAKE, 7.5, 0);
        stats.failure(Requests.HANDSHAKE, 10_000, "timeout: no handshake after 10 s, last step: ClientHello sent");
        stats.failure(Requests.HANDSHAKE, 10_000, "timeout: no handshake after 10 s, last step: ClientHello sent");

        Map<String, Object> report = stats.report();
        List<Map<String, Object>> entries = (List<Map<String, Object>>) report.get("stats");
        assertThat(entries).hasSize(1);
        Map<String, Object> e = entries.getFirst();
        assertThat(e).containsEntry("name", "handshake").containsEntry("method", "DTLS")
                .containsEntry("num_requests", 4L).containsEntry("num_failures", 2L)
                .containsEntry("min_response_time", 7.5).containsEntry("max_response_time", 10_000.0)
                .containsEntry("num_reqs_per_sec", Map.of(1_700_000_000L, 4L))
                .containsEntry("num_fail_per_sec", Map.of(1_700_000_000L, 2L));
        assertThat((Map<Long, Long>) e.get("response_times")).containsEntry(13L, 1L).containsEntry(8L, 1L)
                .containsEntry(10_000L, 2L);
        assertThat((Map<String, Object>) report.get("stats_total")).containsEntry("name", "Aggregated")
                .containsEntry("method", "").containsEntry("num_requests", 4L);
        Map<String, Map<String, Object>> errors = (Map<String, Map<String, Object>>) report.get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.values().iterator().next()).containsEntry("occurrences", 2L)
                .containsEntry("error", "timeout: no handshake after 10 s, last step: ClientHello sent");
        // The whole report survives msgpack as the master will read it.
        assertThat(MessageCodec.decode(MessageCodec.encode(new Message("stats", report, "n"))).data()).isNotNull();

        Map<String, Object> next = stats.report();
        assertThat((List<?>) next.get("stats")).isEmpty();
        assertThat((Map<String, Object>) next.get("stats_total")).containsEntry("num_requests", 0L);
        assertThat(stats.totals().get(Requests.HANDSHAKE)).containsExactly(4, 2);

        stats.seal();
        stats.success(Requests.ECHO, 1, 3);
        assertThat(stats.totals()).doesNotContainKey(Requests.ECHO);
    }
}
