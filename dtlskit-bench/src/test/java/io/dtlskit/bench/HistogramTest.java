package io.dtlskit.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {
    @Test
    void percentilesWithinBucketPrecision() {
        Histogram h = new Histogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1_000);
        }
        assertThat((double) h.percentileNanos(0.5)).isCloseTo(50_000_000, within(50_000_000 * 0.04));
        assertThat((double) h.percentileNanos(0.99)).isCloseTo(99_000_000, within(99_000_000 * 0.04));
        assertThat(h.maxNanos()).isEqualTo(100_000_000);
        assertThat(h.count()).isEqualTo(100_000);
    }

    @Test
    void bucketsAreMonotonic() {
        long previous = -1;
        for (long v = 0; v < 1 << 20; v += 7) {
            int i = Histogram.index(v);
            assertThat(Histogram.upperBound(i)).isGreaterThanOrEqualTo(v);
            assertThat((long) i).isGreaterThanOrEqualTo(previous);
            previous = i;
        }
    }
}
