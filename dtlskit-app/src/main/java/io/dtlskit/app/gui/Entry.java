package io.dtlskit.app.gui;

/**
 * One thing shown in a message pane: the HTML the pane renders and the plain text that "Save log…"
 * writes. Both are built from the same values by {@link Blocks}, so the saved log says what the
 * window showed.
 */
public record Entry(String html, String text) {
}
