package io.dtlskit.internal;

import io.dtlskit.Credentials;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What {@link ClientSetup} and {@link ServerSetup} share: the {@link Settings} both builders change,
 * the credentials, the session cache's bounds and opening the key log.
 */
abstract class PeerSetup {
    Settings settings = Settings.defaults();
    List<Credentials> credentials = List.of();
    int sessionCacheSize;
    Duration sessionLifetime = Duration.ofHours(1);

    PeerSetup(int sessionCacheSize) {
        this.sessionCacheSize = sessionCacheSize;
    }

    /** Copies the shared values into {@code to} (part of each setup's {@code copy()}). */
    <T extends PeerSetup> T copyShared(T to) {
        to.settings = settings;
        to.credentials = credentials;
        to.sessionCacheSize = sessionCacheSize;
        to.sessionLifetime = sessionLifetime;
        return to;
    }

    /** Applies a change to the {@link Settings} both builders share (each {@code with...} checks its value). */
    public void settings(UnaryOperator<Settings> change) {
        settings = change.apply(settings);
    }

    public Settings settings() {
        return settings;
    }

    public void sessionCache(int size, Duration lifetime) {
        BuilderChecks.sessionCache(size, lifetime);
        this.sessionCacheSize = size;
        this.sessionLifetime = lifetime;
    }

    /** Checks and keeps the credentials; returns the PSK among them, or null. */
    Credentials.Psk keepCredentials(Credentials... given) {
        List<Credentials> list = BuilderChecks.credentials(given);
        this.credentials = list;
        return BuilderChecks.psk(list);
    }

    /** Opens the key log named in the settings, or returns null when none is. */
    KeyLog keyLogOrNull() throws IOException {
        try {
            return settings.keyLogFile() == null ? null : KeyLog.append(settings.keyLogFile());
        } catch (IOException e) {
            throw new IOException("cannot open key log " + settings.keyLogFile() + ": " + OsReason.of(e), e);
        }
    }
}
