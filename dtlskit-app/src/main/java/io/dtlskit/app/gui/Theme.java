package io.dtlskit.app.gui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;

import java.util.Locale;

/** Look and feel: FlatLaf, set before any component is created. */
final class Theme {
    enum Mode { AUTO, LIGHT, DARK }

    private Theme() {
    }

    static Mode parse(String text) {
        try {
            return Mode.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("theme must be auto, light or dark, was '" + text + "'");
        }
    }

    /** Installs the look and feel and returns the palette for the panes. Event thread. */
    static Palette install(Mode mode) {
        boolean dark = switch (mode) {
            case DARK -> true;
            case LIGHT -> false;
            case AUTO -> systemPrefersDark();
        };
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
        return dark ? Palette.DARK : Palette.LIGHT;
    }

    /**
     * A cheap guess without spawning processes: GTK desktops export a theme such as
     * {@code Adwaita:dark} in {@code GTK_THEME}. Anything else means light, Qt's default look.
     */
    static boolean systemPrefersDark() {
        String gtk = System.getenv("GTK_THEME");
        return gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark");
    }
}
