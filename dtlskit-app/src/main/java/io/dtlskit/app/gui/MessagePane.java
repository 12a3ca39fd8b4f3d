package io.dtlskit.app.gui;

import javax.swing.BorderFactory;
import javax.swing.JEditorPane;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollBar;
import javax.swing.JScrollPane;
import javax.swing.text.BadLocationException;
import javax.swing.text.Element;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLDocument;
import javax.swing.text.html.HTMLEditorKit;
import java.awt.BorderLayout;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A titled, read-only rich-text pane like Qt's QTextEdit panes ("DTLS info messages:", "Received
 * datagrams:", ...). Entries are appended in batches; the pane keeps the newest {@code maxEntries}
 * so that a long-running window does not grow without bound, and a plain-text copy of what it shows
 * for "Save log…". Event thread only.
 */
public final class MessagePane extends JPanel {
    private final JEditorPane editor = new JEditorPane();
    private final HTMLDocument document;
    private final ArrayDeque<Stamped> texts = new ArrayDeque<>();
    private final int maxEntries;
    private java.time.Clock clock = java.time.Clock.systemDefaultZone();

    /** An entry's plain text and when the pane showed it (the event arrived milliseconds before). */
    private record Stamped(java.time.Instant time, String text) {
    }

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    public MessagePane(String title, String name, int maxEntries) {
        super(new BorderLayout(0, 6));
        this.maxEntries = maxEntries;
        setName(name + "Panel");
        JLabel label = new JLabel(title);
        add(label, BorderLayout.NORTH);

        editor.setName(name);
        editor.setEditable(false);
        HTMLEditorKit kit = new HTMLEditorKit();
        editor.setEditorKit(kit);
        // The pane's own font (monospace) applies to the HTML body instead of the kit's serif default.
        editor.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
        editor.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        document = (HTMLDocument) editor.getDocument();
        // Read-only, but it should look like Qt's white text panes, not like a disabled field.
        java.awt.Color bg = javax.swing.UIManager.getColor("EditorPane.background");
        if (bg != null) {
            editor.setBackground(new java.awt.Color(bg.getRGB()));
        }
        // No blinking caret in a log; selection and copying still work.
        editor.setCaret(new javax.swing.text.DefaultCaret() {
            @Override
            public void paint(java.awt.Graphics g) {
            }
        });
        label.setLabelFor(editor);

        JScrollPane scroll = new JScrollPane(editor);
        scroll.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createEmptyBorder(0, 0, 0, 0), scroll.getBorder()));
        scroll.setPreferredSize(new java.awt.Dimension(480, 380));
        add(scroll, BorderLayout.CENTER);
    }

    /** Appends entries and scrolls to the end if the view was already at the end. */
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        JScrollBar bar = ((JScrollPane) editor.getParent().getParent()).getVerticalScrollBar();
        boolean atEnd = bar.getValue() + bar.getVisibleAmount() >= bar.getMaximum() - 4;
        StringBuilder html = new StringBuilder();
        java.time.Instant now = clock.instant();
        for (Entry e : entries) {
            html.append(e.html());
            texts.add(new Stamped(now, e.text()));
        }
        try {
            document.insertBeforeEnd(body(), html.toString());
        } catch (BadLocationException e) {
            throw new IllegalStateException("HTML pane rejected an append", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropInitialParagraph();
        trim();
        if (atEnd) {
            editor.setCaretPosition(document.getLength());
            // The view grows after layout; follow the end once it has.
            javax.swing.SwingUtilities.invokeLater(() -> bar.setValue(bar.getMaximum()));
        }
    }

    public void append(Entry entry) {
        append(List.of(entry));
    }

    /** The plain text of what the pane shows, one entry per line (blocks span several lines). */
    public String plainText() {
        return String.join("\n", texts.stream().map(Stamped::text).toList());
    }

    /**
     * What "Save log…" writes: each entry after its local time, {@code 2026-11-27 16:20:08.123  text};
     * the continuation lines of a datagram block are indented to match.
     */
    public String timestampedText() {
        StringBuilder sb = new StringBuilder();
        for (Stamped s : texts) {
            String stamp = STAMP.format(s.time().atZone(clock.getZone()));
            String indent = " ".repeat(stamp.length() + 2);
            sb.append(stamp).append("  ").append(s.text().replace("\n", "\n" + indent)).append('\n');
        }
        return sb.toString();
    }

    void setClock(java.time.Clock clock) {
        this.clock = clock;
    }

    /** The text as rendered (what a user would select and copy). */
    public String renderedText() {
        try {
            return document.getText(0, document.getLength());
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }

    public JEditorPane editor() {
        return editor;
    }

    public void clear() {
        texts.clear();
        editor.setText("");
    }

    private Element body() {
        return document.getElement(document.getDefaultRootElement(), javax.swing.text.StyleConstants.NameAttribute,
                HTML.Tag.BODY);
    }

    /** The HTML kit starts every document with an empty paragraph: it would show as a blank first line. */
    private void dropInitialParagraph() {
        Element body = body();
        if (body.getElementCount() > 1 && !"div".equals(body.getElement(0).getName())) {
            document.removeElement(body.getElement(0));
        }
    }

    private void trim() {
        int excess = texts.size() - maxEntries;
        if (excess <= 0) {
            return;
        }
        Element body = body();
        // Each entry is one <div> child of <body>.
        while (excess > 0 && body.getElementCount() > 1) {
            document.removeElement(body.getElement(0));
            texts.poll();
            excess--;
        }
    }
}
