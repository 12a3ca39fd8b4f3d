package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the engine of a fragmented handshake message (RFC 6347 §4.2.3). */
class FragmentGuardTest {
    static final int LENGTH = 16 * 1024;
    final FragmentGuard guard = new FragmentGuard();

    @Test
    void inOrderOneByteFragmentsAllPass() {
        for (int off = 0; off < LENGTH; off++) {
            byte[] d = record(fragment(1, off, 1));
            assertThat(guard.filter(d)).isSameAs(d);
        }
        assertThat(guard.dropped()).isZero();
    }

    @Test
    void fragmentsThatWouldLeaveTooManyHolesAreKeptOutUntilTheGapsFill() {
        for (int i = 0; i < FragmentGuard.MAX_PIECES; i++) {
            assertThat(guard.filter(record(fragment(1, 2 * i, 1)))).as("piece %d", i).isNotNull();
        }
        assertThat(guard.filter(record(fragment(1, 2 * FragmentGuard.MAX_PIECES, 1)))).as("one piece too many").isNull();
        assertThat(guard.filter(record(fragment(1, 1, 1)))).as("joins two pieces").isNotNull();
        assertThat(guard.filter(record(fragment(1, 2 * FragmentGuard.MAX_PIECES, 1)))).as("now fits").isNotNull();
        assertThat(guard.filter(record(fragment(1, 0, LENGTH)))).as("the whole message").isNotNull();
        assertThat(guard.filter(record(fragment(2, 3, 1)))).as("another message has its own count").isNotNull();
    }

    @Test
    void onlyTheOffendingRecordLeavesTheDatagram() {
        for (int i = 0; i < FragmentGuard.MAX_PIECES; i++) {
            guard.filter(record(fragment(1, 2 * i, 1)));
        }
        byte[] bad = record(fragment(1, 1000, 1));
        byte[] good = record(fragment(1, 1, 1));
        byte[] alert = new byte[] {21, (byte) 0xfe, (byte) 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 1, 0};
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(alert);
        d.writeBytes(bad);
        d.writeBytes(good);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(alert);
        expected.writeBytes(good);
        assertThat(guard.filter(d.toByteArray())).isEqualTo(expected.toByteArray());
    }

    @Test
    void twoFragmentsOfOneMessageInOneRecordAreRefused() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(fragment(1, 0, 1));
        body.writeBytes(fragment(1, 2, 1));
        assertThat(guard.filter(record(body.toByteArray()))).isNull();
    }

    static byte[] fragment(int seq, int offset, int length) {
        byte[] f = new byte[12 + length];
        f[0] = 16; // client_key_exchange
        f[1] = (byte) (LENGTH >> 16);
        f[2] = (byte) (LENGTH >> 8);
        f[3] = (byte) LENGTH;
        f[4] = (byte) (seq >> 8);
        f[5] = (byte) seq;
        f[6] = (byte) (offset >> 16);
        f[7] = (byte) (offset >> 8);
        f[8] = (byte) offset;
        f[9] = (byte) (length >> 16);
        f[10] = (byte) (length >> 8);
        f[11] = (byte) length;
        return f;
    }

    static byte[] record(byte[] body) {
        byte[] r = new byte[13 + body.length];
        r[0] = 22;
        r[1] = (byte) 0xfe;
        r[2] = (byte) 0xfd;
        r[11] = (byte) (body.length >> 8);
        r[12] = (byte) body.length;
        System.arraycopy(body, 0, r, 13, body.length);
        return r;
    }
}
