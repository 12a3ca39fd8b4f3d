package io.dtlskit.internal;

import io.dtlskit.Credentials;

import java.time.Duration;
import java.util.List;

/**
 * Checks that {@code DtlsClient.Builder} and {@code DtlsServer.Builder} make the same way on settings
 * that are not part of {@link Settings}: both refuse bad input in the setter, with the same words.
 */
public final class BuilderChecks {
    private BuilderChecks() {
    }

    /** The given credentials as a list, refused now (not at start) if two are of a kind. */
    public static List<Credentials> credentials(Credentials... credentials) {
        List<Credentials> list = List.of(credentials);
        PeerAuth.of(list, null, null, null);
        return list;
    }

    /** The PSK among checked credentials (at most one: see {@link #credentials}), or null. */
    public static Credentials.Psk psk(List<Credentials> credentials) {
        for (Credentials c : credentials) {
            if (c instanceof Credentials.Psk psk) {
                return psk;
            }
        }
        return null;
    }

    /** A resumption cache bound: at least one session, a positive lifetime. */
    public static void sessionCache(int size, Duration lifetime) {
        if (size < 1) {
            throw new IllegalArgumentException("session cache size must be >= 1, was " + size);
        }
        if (lifetime == null || lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("session lifetime must be positive, was " + lifetime);
        }
    }
}
