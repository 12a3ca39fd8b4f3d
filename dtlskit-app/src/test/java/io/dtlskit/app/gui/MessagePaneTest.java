package io.dtlskit.app.gui;

import io.dtlskit.EventLevel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pane itself, without a window (Swing text components need no display). */
class MessagePaneTest {
    final Blocks blocks = new Blocks(Palette.LIGHT);

    @Test
    void markupInPlaintextIsShownAsTextNotRendered() throws Exception {
        Gui.onEdt(() -> {
            MessagePane pane = new MessagePane("Received datagrams:", "receivedPane", 100);
            pane.append(blocks.clientDatagram("Alice (clone number 0)", new byte[] {0x17},
                    "<script>alert(1)</script><b>x</b>".getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(pane.renderedText()).contains("<script>alert(1)</script><b>x</b>");
            assertThat(pane.renderedText().strip()).startsWith("---------------");
            // The document holds the text as content: no script or bold element was created.
            assertThat(pane.editor().getText()).doesNotContain("<script>", "<b>");
        });
    }

    @Test
    void keepsOnlyTheNewestEntries() throws Exception {
        Gui.onEdt(() -> {
            MessagePane pane = new MessagePane("DTLS info messages:", "infoPane", 3);
            for (int i = 0; i < 5; i++) {
                pane.append(blocks.line(EventLevel.INFO, "line " + i));
            }
            pane.append(List.of(blocks.line(EventLevel.ERROR, "line 5"), blocks.line(EventLevel.WARNING, "line 6")));
            assertThat(pane.plainText()).isEqualTo("line 4\nline 5\nline 6");
            assertThat(pane.renderedText().strip().split("\\s*\\n\\s*")).containsExactly("line 4", "line 5", "line 6");
        });
    }

    @Test
    void noBlankLineBeforeTheFirstEntry() throws Exception {
        Gui.onEdt(() -> {
            MessagePane pane = new MessagePane("Dtls server info:", "serverInfoPane", 10);
            pane.append(blocks.line(EventLevel.INFO, "Server is listening on address 127.0.0.1 and port 22334"));
            assertThat(pane.renderedText()).startsWith("Server is listening");
        });
    }
}
