package io.dtlskit.app.gui;

import io.dtlskit.EventLevel;

/**
 * The panes' text colours by event level. The light palette is Qt's (docs/qt-compatibility.md §3: Crimson errors,
 * DarkOrange warnings, DarkBlue info, DarkMagenta datagrams); the dark palette keeps the same hues,
 * lightened, because DarkBlue on a dark background cannot be read.
 */
public enum Palette {
    LIGHT("#DC143C", "#FF8C00", "#00008B", "#8B008B", "#808080"),
    DARK("#FF6B81", "#FFB347", "#8FA8FF", "#E08BE0", "#9A9A9A");

    private final String error;
    private final String warning;
    private final String info;
    private final String data;
    private final String debug;

    Palette(String error, String warning, String info, String data, String debug) {
        this.error = error;
        this.warning = warning;
        this.info = info;
        this.data = data;
        this.debug = debug;
    }

    /** The CSS colour for a level, e.g. {@code #DC143C} for {@link EventLevel#ERROR} in the light palette. */
    public String color(EventLevel level) {
        return switch (level) {
            case ERROR -> error;
            case WARNING -> warning;
            case INFO -> info;
            case DATA -> data;
            case DEBUG -> debug;
        };
    }
}
