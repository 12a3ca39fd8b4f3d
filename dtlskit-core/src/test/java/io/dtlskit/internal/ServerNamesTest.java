package io.dtlskit.internal;

import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ServerName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Vector;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's SNI bytes become inert text (RFC 6066 §3: ASCII host names only). */
class ServerNamesTest {
    static Vector<ServerName> names(byte[]... hostNames) {
        Vector<ServerName> v = new Vector<>();
        for (byte[] n : hostNames) {
            v.add(new ServerName(NameType.host_name, n));
        }
        return v;
    }

    @Test
    void noneSentIsNull() {
        assertThat(ServerNames.hostName((Vector<?>) null)).isNull();
        assertThat(ServerNames.hostName(new Vector<>())).isNull();
        assertThat(ServerNames.hostName((org.bouncycastle.tls.SecurityParameters) null)).isNull();
    }

    @Test
    void aHostNameIsKeptAsIs() {
        assertThat(ServerNames.hostName(names("device-7.example.org".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("device-7.example.org");
    }

    @Test
    void controlCharactersAreEscapedAndNonAsciiReplaced() {
        byte[] hostile = "a\u001b[2Jb\nc".getBytes(StandardCharsets.US_ASCII);
        assertThat(ServerNames.hostName(names(hostile))).isEqualTo("a\\u001b[2Jb\\u000ac");
        assertThat(ServerNames.hostName(names(new byte[] {'x', (byte) 0xe2, (byte) 0x80, (byte) 0xae, 'y'})))
                .isEqualTo("x\ufffd\ufffd\ufffdy");
        // HTML stays text here; the GUI's PlainText rule keeps it from being rendered.
        assertThat(ServerNames.hostName(names("<html><b>x".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("<html><b>x");
    }

    @Test
    void aLongNameIsCut() {
        byte[] longName = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        assertThat(ServerNames.hostName(names(longName))).hasSize(ServerNames.MAX_LENGTH + 1).endsWith("a…");
    }
}
