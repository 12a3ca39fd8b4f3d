package io.dtlskit.app.gui;

import io.dtlskit.app.InertText;

import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JTable;
import javax.swing.JToolTip;
import javax.swing.table.DefaultTableCellRenderer;
import java.awt.Component;

/**
 * The GUI's one rendering rule for text: Swing renders any string that starts with {@code <html>} in
 * a label, button, tooltip or table cell as HTML (fonts, colours, remote images it fetches), and
 * peer text (PSK identity and hint, alert text, plaintext) reaches those components before the peer
 * has authenticated. So:
 * <ul>
 *   <li>every component that shows a String directly has HTML switched off ({@link #disableHtml}),
 *       and tables show every cell through {@link Renderer}, which also escapes control characters;</li>
 *   <li>the message panes, which are HTML on purpose, build their markup only in {@link Blocks},
 *       which escapes every value.</li>
 * </ul>
 */
public final class PlainText {
    /** Swing's client property that stops {@code BasicHTML} from rendering a component's text. */
    static final String HTML_DISABLE = "html.disable";

    private PlainText() {
    }

    /** Switches HTML rendering off for {@code c}'s own text. */
    public static <C extends JComponent> C disableHtml(C c) {
        c.putClientProperty(HTML_DISABLE, Boolean.TRUE);
        return c;
    }

    /** A label that never renders its text as HTML. */
    static JLabel label(String text) {
        JLabel l = disableHtml(new JLabel());
        l.setText(text); // after the property: JLabel(text) would already have built the HTML view
        return l;
    }

    /** A table whose cells and tooltips are plain text. */
    static JTable table(javax.swing.table.TableModel model) {
        return table(model, row -> null);
    }

    /**
     * As {@link #table(javax.swing.table.TableModel)}, with a tooltip per row from {@code tips}
     * (given the model row; null for none), e.g. why a failed association failed.
     */
    static JTable table(javax.swing.table.TableModel model, java.util.function.IntFunction<String> tips) {
        JTable table = new JTable(model) {
            @Override
            public JToolTip createToolTip() {
                return toolTip(this);
            }

            @Override
            public String getToolTipText(java.awt.event.MouseEvent e) {
                int view = rowAtPoint(e.getPoint());
                String tip = view < 0 ? null : tips.apply(convertRowIndexToModel(view));
                return tip != null ? InertText.escape(tip) : super.getToolTipText(e);
            }
        };
        install(table);
        return table;
    }

    /** Makes every cell of {@code table} (whatever its column class) plain text. */
    static void install(JTable table) {
        Renderer r = new Renderer();
        table.setDefaultRenderer(Object.class, r);
        table.setDefaultRenderer(String.class, r);
        Renderer numbers = new Renderer();
        numbers.setHorizontalAlignment(JLabel.TRAILING);
        table.setDefaultRenderer(Number.class, numbers);
        table.setDefaultRenderer(Integer.class, numbers);
        table.setDefaultRenderer(Long.class, numbers);
    }

    /** A tooltip that shows its text as text. */
    static JToolTip toolTip(JComponent owner) {
        JToolTip tip = new JToolTip();
        disableHtml(tip);
        tip.setComponent(owner);
        return tip;
    }

    /** Table cells as plain text with control characters visible ({@link InertText}). */
    static final class Renderer extends DefaultTableCellRenderer {
        Renderer() {
            disableHtml(this);
        }

        @Override
        public Component getTableCellRendererComponent(JTable table, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            Object shown = value instanceof String s ? InertText.escape(s) : value;
            return super.getTableCellRendererComponent(table, shown, selected, focus, row, column);
        }
    }
}
