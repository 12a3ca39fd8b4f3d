package io.dtlskit;

import io.dtlskit.internal.Hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A pre-shared key. The bytes never leave this object except as a fresh copy handed to the DTLS
 * engine, and {@link #toString()} prints only the length, so a key cannot end up in a log line, an
 * event, an exception message or JSON output by accident.
 *
 * <p>Instances are immutable until {@link #destroy()} wipes them.
 */
public final class PskKey {
    private final byte[] key;
    private volatile boolean destroyed;

    private PskKey(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("PSK key must not be empty");
        }
        this.key = key;
    }

    /** A key from raw bytes (copied). */
    public static PskKey of(byte[] key) {
        return new PskKey(key.clone());
    }

    /**
     * A key from hexadecimal text such as {@code 1a2b3c4d5e6f} (an optional {@code 0x} prefix, spaces
     * and colons are ignored).
     *
     * @throws IllegalArgumentException naming the problem but never the key's characters
     */
    public static PskKey ofHex(String hex) {
        String clean = hex.strip();
        if (clean.startsWith("0x") || clean.startsWith("0X")) {
            clean = clean.substring(2);
        }
        clean = clean.replace(" ", "").replace(":", "");
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("PSK key is empty");
        }
        if (clean.length() % 2 != 0) {
            throw new IllegalArgumentException("PSK key has an odd number of hex digits (" + clean.length() + ")");
        }
        byte[] bytes = Hex.decode(clean);
        if (bytes == null) {
            throw new IllegalArgumentException("PSK key is not hexadecimal");
        }
        return new PskKey(bytes);
    }

    /** A key from a file holding its hex text (surrounding white space ignored). */
    public static PskKey fromFile(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        try {
            return ofHex(new String(raw, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in file " + file);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A key from the hex text of an environment variable. */
    public static PskKey fromEnvironment(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        try {
            return ofHex(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in environment variable " + variable);
        }
    }

    /** Number of bytes in the key. */
    public int length() {
        return key.length;
    }

    /**
     * A fresh copy of the key for one use. Bouncy Castle zeroes the array it is given after the
     * handshake, so every handshake needs its own copy (docs/bouncy-castle.md #1).
     */
    public byte[] copy() {
        if (destroyed) {
            throw new IllegalStateException("PSK key was destroyed");
        }
        return key.clone();
    }

    /** True if both keys hold the same bytes (constant time). */
    public boolean sameAs(PskKey other) {
        return MessageDigest.isEqual(key, other.key);
    }

    /** Overwrites the key bytes; the key cannot be used afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Never the key itself: only its length. */
    @Override
    public String toString() {
        return "PskKey[" + key.length + " bytes]";
    }
}
