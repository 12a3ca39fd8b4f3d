package io.dtlskit.internal;

/** Hex text for dumps and keys. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length, false);
    }

    /** Space-separated pairs, as Qt's {@code QByteArray::toHex(' ')} prints a datagram. */
    public static String spaced(byte[] bytes) {
        return encode(bytes, 0, bytes.length, true);
    }

    public static String encode(byte[] bytes, int off, int len, boolean spaced) {
        StringBuilder sb = new StringBuilder(len * (spaced ? 3 : 2));
        for (int i = off; i < off + len; i++) {
            if (spaced && i > off) {
                sb.append(' ');
            }
            sb.append(DIGITS[(bytes[i] >> 4) & 0xf]).append(DIGITS[bytes[i] & 0xf]);
        }
        return sb.toString();
    }

    /** Decodes an even-length hex string; null if a character is not a hex digit. */
    public static byte[] decode(CharSequence hex) {
        if (hex.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
