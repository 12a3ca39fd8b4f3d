package io.dtlskit.internal;

import java.util.HexFormat;

/** Hex text for dumps and keys, on {@link HexFormat}; lower case, as Qt prints it. */
public final class Hex {
    private static final HexFormat PLAIN = HexFormat.of();
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ");

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return PLAIN.formatHex(bytes);
    }

    /** Space-separated pairs, as Qt's {@code QByteArray::toHex(' ')} prints a datagram. */
    public static String spaced(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    /** Decodes an even-length hex string; null if it is odd-length or a character is not a hex digit. */
    public static byte[] decode(CharSequence hex) {
        try {
            return PLAIN.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
