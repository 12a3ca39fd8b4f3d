package io.dtlskit.app;

/**
 * The one rule for text that a peer chose (PSK identity and hint, alert text, plaintext, and later
 * certificate fields): it is shown as inert text. On a terminal a control character could move the
 * cursor, clear the screen or start a forged log line; in Swing a string starting with {@code <html>}
 * is rendered as markup (and its images fetched). So every C0 and C1 control character, DEL and every
 * line break is shown as a visible escape ({@code \x1b}, {@code \x0a}), and invisible Unicode format
 * characters that reorder or hide text (bidi overrides, U+2028/U+2029) as backslash, u and four hex digits. The Swing
 * side of the rule (no HTML rendering of such text) is {@code io.dtlskit.app.gui.PlainText}.
 */
public final class InertText {
    private InertText() {
    }

    /** {@code s} with every control, line-break and format character escaped; null stays null. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escapeOf(c);
            if (esc != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** True if {@link #escape} would change {@code c}. */
    public static boolean needsEscape(char c) {
        return escapeOf(c) != null;
    }

    private static String escapeOf(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if (c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
