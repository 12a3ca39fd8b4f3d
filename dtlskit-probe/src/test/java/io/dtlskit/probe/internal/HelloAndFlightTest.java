package io.dtlskit.probe.internal;

import org.bouncycastle.tls.ClientHello;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsUtils;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe's ClientHellos read back by Bouncy Castle's parser; the flight parser on hostile input. */
class HelloAndFlightTest {
    private final Random random = new Random(15);

    @Test
    void aClientHelloDatagramParsesBackWithBouncyCastle() throws Exception {
        Hello h = Hello.of(ProtocolVersion.DTLSv12, new int[] {0x00A8, 0xC0A8},
                EnumSet.of(Hello.Extra.EMS, Hello.Extra.CID, Hello.Extra.CID_DRAFT, Hello.Extra.RECORD_SIZE_LIMIT), random)
                .withCookie(new byte[] {1, 2, 3});
        byte[] d = h.datagram(1, 5);
        assertThat(TlsUtils.readUint8(d, 0)).isEqualTo(ContentType.handshake);
        assertThat(TlsUtils.readVersion(d, 1)).isEqualTo(ProtocolVersion.DTLSv12);
        assertThat(TlsUtils.readUint48(d, 5)).isEqualTo(5);
        assertThat(TlsUtils.readUint16(d, 11)).isEqualTo(d.length - Records.HEADER);
        assertThat(TlsUtils.readUint8(d, 13)).isEqualTo(HandshakeType.client_hello);
        int length = TlsUtils.readUint24(d, 14);
        assertThat(TlsUtils.readUint16(d, 17)).as("message_seq").isEqualTo(1);
        assertThat(TlsUtils.readUint24(d, 22)).as("fragment_length").isEqualTo(length);
        ClientHello parsed = ClientHello.parse(new ByteArrayInputStream(d, 25, length), new ByteArrayOutputStream());
        assertThat(parsed.getVersion()).isEqualTo(ProtocolVersion.DTLSv12);
        assertThat(parsed.getCookie()).containsExactly(1, 2, 3);
        assertThat(parsed.getCipherSuites()).containsExactly(0x00A8, 0xC0A8);
        assertThat(parsed.getRandom()).isEqualTo(h.random());
        assertThat(TlsExtensionsUtils.hasExtendedMasterSecretExtension(parsed.getExtensions())).isTrue();
        assertThat(parsed.getExtensions()).containsKeys(ExtensionType.connection_id, 254, ExtensionType.record_size_limit,
                ExtensionType.renegotiation_info);
    }

    @Test
    void dtls13HelloOffersOnlyDtls13InSupportedVersions() throws Exception {
        Hello h = Hello.of(ProtocolVersion.DTLSv12, Catalog.TLS13_SUITES, EnumSet.of(Hello.Extra.DTLS13), random);
        byte[] body = h.body();
        ClientHello parsed = ClientHello.parse(new ByteArrayInputStream(body), new ByteArrayOutputStream());
        assertThat(TlsExtensionsUtils.getSupportedVersionsExtensionClient(parsed.getExtensions()))
                .containsExactly(ProtocolVersion.DTLSv13);
        assertThat(TlsExtensionsUtils.getKeyShareClientHello(parsed.getExtensions())).hasSize(1);
    }

    @Test
    void fragmentsReassembleToTheSameMessage() {
        Hello h = Hello.of(ProtocolVersion.DTLSv12, new int[] {0x00A8}, Hello.STANDARD, random);
        List<byte[]> pieces = h.fragmentedDatagrams(0, 0, 3);
        assertThat(pieces).hasSize(3);
        // Read our own fragments as if a server sent them: the flight parser reassembles by offset.
        Flight f = new Flight();
        for (int i = pieces.size() - 1; i >= 0; i--) {
            f.add(pieces.get(i), i);
        }
        assertThat(f.message(HandshakeType.client_hello).body()).isEqualTo(h.body());
    }

    @Test
    void hostileFlightsAreBoundedAndIgnored() {
        Flight f = new Flight();
        f.add(new byte[0], 0);
        f.add(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, 1); // length past the end
        byte[] huge = Hello.record(ContentType.handshake, ProtocolVersion.DTLSv12, 0,
                new byte[] {2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0}); // 16 MiB declared
        f.add(huge, 2);
        byte[] overlap = Hello.record(ContentType.handshake, ProtocolVersion.DTLSv12, 1,
                new byte[] {2, 0, 0, 4, 0, 0, 0, 0, 0, 3, 0, 0, 9, 1, 2}); // fragment past the message end
        f.add(overlap, 3);
        assertThat(f.serverHello()).isNull();
        assertThat(f.cookie()).isNull();
        assertThat(f.messages()).isEmpty();
        assertThat(f.datagramCount()).isEqualTo(4);
        assertThat(Attempt.describe(f)).startsWith("unparsable answer");
    }
}
