package io.dtlskit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's pre-shared keys by client identity (RFC 4279 §2: the client names its identity, the
 * server looks the key up). An identity with no key fails the handshake with the
 * {@code unknown_psk_identity} alert (RFC 4279 §2). Identities are compared as the Latin-1 text of the
 * bytes the client sent. Implementations must be thread-safe; {@link #key} is called during handshakes
 * on the sessions' threads and must not block for long.
 */
@FunctionalInterface
public interface PskStore {
    /** The key for this identity, or null if the identity is unknown. */
    PskKey key(String identity);

    /** One key for every identity: the behaviour of Qt's example server. */
    static PskStore single(PskKey key) {
        Objects.requireNonNull(key, "key");
        return identity -> key;
    }

    /** A fixed map from identity to key (copied). */
    static PskStore of(Map<String, PskKey> keys) {
        Map<String, PskKey> copy = Map.copyOf(keys);
        return copy::get;
    }

    /**
     * Keys from a file of {@code identity:hexkey} lines (blank lines and lines starting with {@code #}
     * ignored; the identity is everything before the last colon). A bad line fails with its line
     * number, never its key.
     */
    static PskStore fromFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        Map<String, PskKey> keys = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected identity:hexkey");
            }
            String identity = line.substring(0, colon);
            try {
                if (keys.put(identity, PskKey.ofHex(line.substring(colon + 1))) != null) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": identity '" + identity
                            + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(file.toString()) ? e
                        : new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no identity:hexkey line");
        }
        return of(keys);
    }
}
