package io.dtlskit.app.gui;

import io.dtlskit.PskKey;

import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Validation of the "Host info" dialog, without Swing: the texts of its fields in, either the
 * settings or one message naming the problem out. Messages never quote the key.
 */
public final class ConnectForm {
    /** Qt's warning for an empty host (docs/qt-compatibility.md §3). */
    public static final String HOST_REQUIRED = "Host name or address required to connect";
    public static final int DEFAULT_PORT = 22334;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.]+)?]?");

    private ConnectForm() {
    }

    /** The outcome: exactly one of {@code settings} and {@code error} is non-null. */
    public record Result(ConnectSettings settings, String error) {
        public boolean ok() {
            return settings != null;
        }
    }

    /**
     * @param key the key field's characters; blank means the default key. Wiped before returning, so
     *            the only copy left is inside the {@link PskKey}.
     */
    public static Result validate(String host, String port, String identity, char[] key, String pingMillis) {
        try {
            String h = host == null ? "" : host.strip();
            if (h.isEmpty()) {
                return error(HOST_REQUIRED);
            }
            int p;
            try {
                p = Integer.parseInt(port == null ? "" : port.strip().replace(",", "").replace("\u00a0", ""));
            } catch (NumberFormatException e) {
                return error("Server port must be a number from 0 to 65535, was '" + port + "'");
            }
            if (p < 0 || p > 65535) {
                return error("Server port must be from 0 to 65535, was " + p);
            }
            long ping;
            try {
                ping = Long.parseLong(pingMillis == null ? "" : pingMillis.strip().replace(",", "").replace("\u00a0", ""));
            } catch (NumberFormatException e) {
                return error("Ping interval must be a number of milliseconds, was '" + pingMillis + "'");
            }
            if (ping < 0 || ping > 3_600_000) {
                return error("Ping interval must be from 0 (off) to 3600000 ms, was " + ping);
            }
            PskKey pskKey = null;
            if (key != null && !new String(key).isBlank()) {
                try {
                    pskKey = PskKey.ofHex(new String(key));
                } catch (IllegalArgumentException e) {
                    // PskKey's messages name the problem, never the key's characters.
                    return error(e.getMessage());
                }
            }
            String id = identity == null ? "" : identity.strip();
            return new Result(new ConnectSettings(h, p, id, pskKey, Duration.ofMillis(ping)), null);
        } finally {
            if (key != null) {
                Arrays.fill(key, '\0');
            }
        }
    }

    /**
     * True for an IPv4 or IPv6 address literal, which Qt connects to at once; anything else is a
     * name to look up. Checked by pattern, so no DNS query is ever made here.
     */
    public static boolean isAddressLiteral(String host) {
        var m = IPV4.matcher(host);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
    }

    private static Result error(String message) {
        return new Result(null, message);
    }
}
