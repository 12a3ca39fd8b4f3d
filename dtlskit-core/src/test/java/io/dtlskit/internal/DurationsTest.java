package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void conversionsSaturateInsteadOfWrapping() {
        assertThat(Durations.saturatedMillis(Duration.ofDays(30))).isEqualTo(Integer.MAX_VALUE);
        assertThat(Durations.saturatedMillis(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        assertThat(Durations.saturatedMillis(Duration.ofMillis(1500))).isEqualTo(1500);
        assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE / 4);
    }

    @Test
    void timersThatBouncyCastleTakesAsIntMillisAreBoundedAtBuildTime() {
        assertThatThrownBy(() -> Settings.defaults().withHandshakeTimeout(Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshake timeout PT720H is too long");
        assertThatThrownBy(() -> Settings.defaults().withInitialRetransmit(Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }
}
