package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionIdsTest {
    @Test
    void allocatesUniqueIdsAndFindsTheOwnerInARecordHeader() {
        ConnectionIds<String> ids = new ConnectionIds<>(6, new Random(1));
        byte[] a = ids.allocate("a");
        byte[] b = ids.allocate("b");
        assertThat(a).hasSize(6).isNotEqualTo(b);
        byte[] record = new byte[Records.CID_OFFSET + 6 + 2];
        record[0] = (byte) Records.CONTENT_TLS12_CID;
        System.arraycopy(b, 0, record, Records.CID_OFFSET, 6);
        assertThat(ids.lookup(record, Records.CID_OFFSET)).isEqualTo("b");
        record[Records.CID_OFFSET] ^= 1;
        assertThat(ids.lookup(record, Records.CID_OFFSET)).as("an unknown CID routes nowhere").isNull();
        assertThat(ids.lookup(new byte[3], Records.CID_OFFSET)).as("too short to hold a CID").isNull();
    }

    @Test
    void releaseOnlyRemovesTheOwnersOwnId() {
        ConnectionIds<String> ids = new ConnectionIds<>(4, new Random(2));
        byte[] a = ids.allocate("a");
        ids.release(a, "someone else");
        assertThat(ids.lookup(a, 0)).isEqualTo("a");
        ids.release(a, "a");
        assertThat(ids.lookup(a, 0)).isNull();
        assertThat(ids.size()).isZero();
    }

    @Test
    void aFullOneByteSpaceFailsWithAHint() {
        ConnectionIds<Integer> ids = new ConnectionIds<>(1, new Random(3));
        Set<String> seen = new HashSet<>();
        int allocated = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                seen.add(java.util.HexFormat.of().formatHex(ids.allocate(i)));
                allocated++;
            }
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("choose a longer CID");
        }
        assertThat(seen).hasSize(allocated);
        assertThat(allocated).isLessThanOrEqualTo(256);
    }

    @Test
    void refusesBadLengths() {
        assertThatThrownBy(() -> new ConnectionIds<>(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> new ConnectionIds<>(33)).hasMessageContaining("was 33");
    }
}
