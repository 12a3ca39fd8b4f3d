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

    /** A tls12_cid record (RFC 9146 §4) of epoch 1 with a 6-byte CID and {@code body} bytes. */
    static byte[] cidRecord(int body) {
        byte[] d = new byte[Records.RECORD_HEADER + 6 + body];
        d[0] = (byte) Records.CONTENT_TLS12_CID;
        d[1] = (byte) 0xfe;
        d[2] = (byte) 0xfd;
        d[4] = 1;
        for (int i = 0; i < 6; i++) {
            d[Records.CID_OFFSET + i] = (byte) (0x20 + i); // CID bytes that would read as a huge length
        }
        d[Records.CID_OFFSET + 6] = (byte) (body >> 8);
        d[Records.CID_OFFSET + 7] = (byte) body;
        return d;
    }

    @Test
    void connectionIdRecordsAreFramedByTheReceiversCidLength() {
        byte[] d = cidRecord(40);
        assertThat(Records.check(d, d.length, 16384, 6)).isNull();
        assertThat(Records.check(d, d.length, 16384)).as("without CID the CID bytes read as a length")
                .isEqualTo(DropReason.MALFORMED);
        assertThat(Records.recordLength(d, 0, 6)).isEqualTo(d.length);
        assertThat(Records.onlyLaterEpochs(d, 6)).isTrue();
        assertThat(Records.hasChangeCipherSpec(d, 6)).isFalse();
        byte[] truncated = java.util.Arrays.copyOf(d, Records.RECORD_HEADER + 3);
        assertThat(Records.check(truncated, truncated.length, 16384, 6)).isEqualTo(DropReason.MALFORMED);
    }
}
