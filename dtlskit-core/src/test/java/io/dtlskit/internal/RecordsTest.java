package io.dtlskit.internal;

import io.dtlskit.DropReason;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsTest {
    /** A handshake record header plus one handshake message header declaring {@code declared} bytes. */
    static byte[] clientHello(int declared, int epoch) {
        byte[] d = new byte[Records.RECORD_HEADER + Records.HANDSHAKE_HEADER];
        d[0] = 22;
        d[1] = (byte) 0xfe;
        d[2] = (byte) 0xfd;
        d[3] = (byte) (epoch >> 8);
        d[4] = (byte) epoch;
        d[12] = Records.HANDSHAKE_HEADER; // record length: just the handshake header
        d[13] = 1;                         // client_hello
        d[14] = (byte) (declared >> 16);
        d[15] = (byte) (declared >> 8);
        d[16] = (byte) declared;
        return d;
    }

    @Test
    void acceptsASaneClientHelloHeader() {
        byte[] d = clientHello(200, 0);
        assertThat(Records.check(d, d.length, 16384)).isNull();
        assertThat(Records.isClientHello(d, d.length)).isTrue();
    }

    @Test
    void refusesHugeDeclaredLengthsInEpochZero() {
        byte[] d = clientHello(16 * 1024 * 1024 - 1, 0);
        assertThat(Records.check(d, d.length, 16384)).isEqualTo(DropReason.HANDSHAKE_TOO_LARGE);
        byte[] encrypted = clientHello(16 * 1024 * 1024 - 1, 1);
        assertThat(Records.check(encrypted, encrypted.length, 16384)).as("epoch 1 is authenticated by the engine").isNull();
    }

    @Test
    void refusesTruncatedAndForeignDatagrams() {
        byte[] d = clientHello(200, 0);
        assertThat(Records.check(d, 12, 16384)).isEqualTo(DropReason.MALFORMED);
        d[12] = 100; // record claims more than the datagram holds
        assertThat(Records.check(d, d.length, 16384)).isEqualTo(DropReason.MALFORMED);
        byte[] tls = clientHello(200, 0);
        tls[1] = 3; // TLS, not DTLS
        assertThat(Records.check(tls, tls.length, 16384)).isEqualTo(DropReason.MALFORMED);
    }

    @Property(tries = 2000, seed = "20261125")
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 300) byte[] data) {
        DropReason r = Records.check(data, data.length, 16384);
        if (data.length < Records.RECORD_HEADER) {
            assertThat(r).isEqualTo(DropReason.MALFORMED);
        }
        Records.isClientHello(data, data.length);
    }
}
