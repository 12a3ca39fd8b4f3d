package io.dtlskit.app.gui;

import java.time.Duration;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the client window remembers between runs, in {@code java.util.prefs}: host, port, PSK identity
 * and ping interval. The PSK key is deliberately NOT stored: plain preferences are a readable file
 * ({@code ~/.java/.userPrefs} on Linux), and the JDK has no portable keyring. A key typed in the
 * dialog is used for that one connection; a key for every connection and run comes from
 * {@code --psk-key-file}.
 */
public final class ClientPreferences {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String IDENTITY = "pskIdentity";
    static final String PING = "pingIntervalMillis";

    private final Preferences node;

    public ClientPreferences(Preferences node) {
        this.node = node;
    }

    /** The user's node for this window. */
    public static ClientPreferences user() {
        return new ClientPreferences(Preferences.userRoot().node("io/dtlskit/gui/client"));
    }

    public String host(String fallback) {
        return node.get(HOST, fallback);
    }

    public int port(int fallback) {
        int p = node.getInt(PORT, fallback);
        return p < 0 || p > 65535 ? fallback : p;
    }

    public String identity() {
        return node.get(IDENTITY, "");
    }

    public Duration pingInterval(Duration fallback) {
        long ms = node.getLong(PING, fallback.toMillis());
        return ms < 0 ? fallback : Duration.ofMillis(ms);
    }

    /** Remembers the dialog's values; never the key. */
    public void remember(ConnectSettings s) {
        node.put(HOST, s.host());
        node.putInt(PORT, s.port());
        node.put(IDENTITY, s.pskIdentity());
        node.putLong(PING, s.pingInterval().toMillis());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Unwritable preferences only cost the user retyping next time.
        }
    }
}
