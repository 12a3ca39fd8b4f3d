package io.dtlskit.app.gui;

import io.dtlskit.EventLevel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BlocksTest {
    final Blocks blocks = new Blocks(Palette.LIGHT);

    @Test
    void linesUseQtColoursPerLevel() {
        assertThat(blocks.line(EventLevel.ERROR, "x").html()).isEqualTo("<div style=\"color:#DC143C\">x</div>");
        assertThat(blocks.line(EventLevel.WARNING, "x").html()).contains("#FF8C00");
        assertThat(blocks.line(EventLevel.INFO, "x").html()).contains("#00008B");
        assertThat(blocks.line(EventLevel.INFO, "Alice (clone number 0): encrypted connection established!").text())
                .isEqualTo("Alice (clone number 0): encrypted connection established!");
    }

    @Test
    void clientBlockHasQtLayoutWithWholeDatagramInHex() {
        byte[] datagram = {0x17, (byte) 0xfe, (byte) 0xfd, 0x00, 0x01};
        byte[] plain = "to (127.0.0.1:53124): ACK".getBytes(StandardCharsets.ISO_8859_1);
        Entry e = blocks.clientDatagram("Alice (clone number 0)", datagram, plain);
        assertThat(e.text()).isEqualTo("""
                ---------------
                Alice (clone number 0) received a DTLS datagram:
                17 fe fd 00 01
                As plain text:
                to (127.0.0.1:53124): ACK""");
        assertThat(e.html()).isEqualTo("<div style=\"color:#8B008B\"><br>---------------<br>"
                + "Alice (clone number 0) received a DTLS datagram:<br>17 fe fd 00 01<br>As plain text:<br>"
                + "to (127.0.0.1:53124): ACK</div>");
    }

    @Test
    void serverBlockHasQtLayout() {
        Entry e = blocks.serverMessage("(127.0.0.1:4000)", new byte[] {0x17, 0x0a},
                "I am Alice (clone number 0), please, accept our ping 0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(e.text()).isEqualTo("""
                ---------------
                A message from (127.0.0.1:4000)
                DTLS datagram:
                17 0a
                As plain text:
                I am Alice (clone number 0), please, accept our ping 0""");
        assertThat(e.html()).startsWith("<div style=\"color:#8B008B\">").contains("A message from (127.0.0.1:4000)<br>");
    }

    @Test
    void plaintextIsHtmlEscapedUnlikeQt() {
        byte[] evil = "<script>alert('x')</script> & <b>bold</b>".getBytes(StandardCharsets.ISO_8859_1);
        Entry e = blocks.clientDatagram("<img src=x>", new byte[] {1}, evil);
        assertThat(e.html())
                .doesNotContain("<script>", "<b>", "<img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")
                .contains("&lt;img src=x&gt; received a DTLS datagram:");
        // The saved log keeps the text as it arrived.
        assertThat(e.text()).endsWith("<script>alert('x')</script> & <b>bold</b>");
    }

    @Test
    void messageLinesAreEscapedToo() {
        assertThat(blocks.line(EventLevel.ERROR, "a<b>\"c\"").html()).contains("a&lt;b&gt;&quot;c&quot;");
    }

    @Test
    void controlCharactersStayVisibleAndNewlinesBreak() {
        assertThat(Blocks.escape("a\u0000b\u001bc\r\nd")).isEqualTo("a\\x00b\\x1bc<br>d");
        assertThat(Blocks.escape("Latin-1 \u00e9\u00ff")).isEqualTo("Latin-1 \u00e9\u00ff");
    }

    @Test
    void darkPaletteKeepsHuesButIsReadable() {
        Blocks dark = new Blocks(Palette.DARK);
        assertThat(dark.line(EventLevel.INFO, "x").html()).doesNotContain("#00008B");
        for (EventLevel level : EventLevel.values()) {
            assertThat(Palette.DARK.color(level)).matches("#[0-9A-F]{6}");
        }
    }
}
