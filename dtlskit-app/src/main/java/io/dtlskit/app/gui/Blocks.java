package io.dtlskit.app.gui;

import io.dtlskit.EventLevel;
import io.dtlskit.app.InertText;
import java.util.HexFormat;

import java.nio.charset.StandardCharsets;

/**
 * Builds the panes' entries: one coloured line per info/warning/error message, and the DarkMagenta
 * datagram blocks of Qt's examples (docs/qt-compatibility.md §3, §4). Everything that comes from the network or
 * the user is HTML-escaped here, unlike Qt, so a peer cannot inject markup into the window.
 */
public final class Blocks {
    /** The separator line Qt writes above each datagram block. */
    public static final String SEPARATOR = "---------------";

    private final Palette palette;

    public Blocks(Palette palette) {
        this.palette = palette;
    }

    /** A single message line in the colour of its level. */
    public Entry line(EventLevel level, String message) {
        // One message is one line: a line break a peer put in its identity must not start a forged line.
        String inert = InertText.escape(message);
        String html = "<div style=\"color:" + palette.color(level) + "\">" + escape(inert) + "</div>";
        return new Entry(html, inert);
    }

    /**
     * The client's block for a server response: separator, {@code %1 received a DTLS datagram:}, the
     * whole encrypted datagram as spaced hex, {@code As plain text:}, the plaintext (Latin-1, as Qt).
     */
    public Entry clientDatagram(String association, byte[] datagram, byte[] plaintext) {
        return block(association + " received a DTLS datagram:", HexFormat.ofDelimiter(" ").formatHex(datagram), null, plaintext);
    }

    /**
     * The server's block for a client message: separator, {@code A message from %1},
     * {@code DTLS datagram:}, the hex, {@code As plain text:}, the plaintext.
     */
    public Entry serverMessage(String peerInfo, byte[] datagram, byte[] plaintext) {
        return block("A message from " + peerInfo, "DTLS datagram:", HexFormat.ofDelimiter(" ").formatHex(datagram), plaintext);
    }

    private Entry block(String heading, String second, String third, byte[] plaintext) {
        String plain = new String(plaintext, StandardCharsets.ISO_8859_1);
        heading = InertText.escape(heading);
        // The saved log is read on terminals: its plaintext keeps line breaks (as the pane shows them)
        // but no other control character.
        String plainText = InertText.escape(plain).replace("\\x0a", "\n");
        StringBuilder text = new StringBuilder().append(SEPARATOR).append('\n').append(heading).append('\n')
                .append(second).append('\n');
        StringBuilder html = new StringBuilder("<div style=\"color:").append(palette.color(EventLevel.DATA))
                .append("\"><br>").append(SEPARATOR).append("<br>").append(escape(heading)).append("<br>")
                .append(escape(second)).append("<br>");
        if (third != null) {
            text.append(third).append('\n');
            html.append(escape(third)).append("<br>");
        }
        text.append("As plain text:").append('\n').append(plainText);
        html.append("As plain text:<br>").append(escape(plain)).append("</div>");
        return new Entry(html.toString(), text.toString());
    }

    /**
     * Escapes text for HTML: markup characters become entities, line breaks become {@code <br>}, and
     * other control characters are shown as {@code \xNN} so that binary plaintext stays visible
     * instead of vanishing (or confusing the Swing HTML parser).
     */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\n' -> sb.append("<br>");
                case '\r' -> { }
                case '\t' -> sb.append("&nbsp;&nbsp;&nbsp;&nbsp;");
                default -> {
                    if (InertText.needsEscape(c)) {
                        sb.append(InertText.escape(String.valueOf(c)));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
