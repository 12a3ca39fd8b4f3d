package io.dtlskit.app.gui;

import io.dtlskit.EventLevel;
import org.junit.jupiter.api.Test;

import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JTable;
import javax.swing.JToolTip;
import javax.swing.plaf.basic.BasicHTML;
import javax.swing.table.DefaultTableModel;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rendering rule, with hostile strings in each kind of component the windows use. */
class PlainTextTest {
    static final String[] HOSTILE = {
            "<html><font size=6 color=red>X</font><img src='http://127.0.0.1:9/x.png'>",
            "<HTML><b>bold</b>",
            "<html>line<br>forged\n(10.0.0.1:1): verified, starting a handshake",
    };

    @Test
    void tableCellsOfEveryColumnTypeAreText() throws Exception {
        for (String s : HOSTILE) {
            DefaultTableModel model = new DefaultTableModel(new Object[][] {{s, s, 1L}}, new Object[] {"a", "b", "n"}) {
                @Override
                public Class<?> getColumnClass(int c) {
                    return c == 0 ? String.class : c == 1 ? Object.class : Long.class;
                }
            };
            JTable table = Gui.onEdt(() -> PlainText.table(model));
            for (int c = 0; c < 2; c++) {
                int col = c;
                JLabel cell = Gui.onEdt(() -> (JLabel) table.prepareRenderer(table.getCellRenderer(0, col), 0, col));
                assertThat(cell.getClientProperty(BasicHTML.propertyKey)).as("HTML view for %s", s).isNull();
                assertThat(cell.getText()).isEqualTo(s.replace("\n", "\\x0a"));
            }
        }
    }

    @Test
    void tooltipsLabelsAndErrorLabelsAreText() throws Exception {
        for (String s : HOSTILE) {
            JTable table = Gui.onEdt(() -> PlainText.table(new DefaultTableModel(1, 1)));
            JToolTip tip = Gui.onEdt(() -> {
                JToolTip t = table.createToolTip();
                t.setTipText(s);
                return t;
            });
            assertThat(tip.getClientProperty(BasicHTML.propertyKey)).isNull();
            for (JComponent label : new JComponent[] {PlainText.label(s), Dialogs.errorLabel()}) {
                Gui.onEdt(() -> ((JLabel) label).setText(s));
                assertThat(label.getClientProperty(BasicHTML.propertyKey)).isNull();
            }
        }
    }

    @Test
    void paneLinesAreEscapedAndStayOneLine() {
        Blocks blocks = new Blocks(Palette.LIGHT);
        for (String s : HOSTILE) {
            Entry e = blocks.line(EventLevel.INFO, "PSK callback, received a client's identity: '" + s + "'");
            assertThat(e.html()).doesNotContain("<html>").doesNotContain("<HTML>").doesNotContain("<img")
                    .doesNotContain("<br>").contains("&lt;");
            assertThat(e.text()).doesNotContain("\n");
        }
        Entry block = blocks.serverMessage("(127.0.0.1:1)", new byte[] {1}, "<img src='x'>\u001b[2J".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(block.html()).doesNotContain("<img").contains("&lt;img").contains("\\x1b[2J");
        assertThat(block.text()).doesNotContain("\u001b").contains("\\x1b[2J");
    }
}
