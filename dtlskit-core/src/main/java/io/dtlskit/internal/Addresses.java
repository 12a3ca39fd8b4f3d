package io.dtlskit.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Address text exactly as Qt's {@code QHostAddress::toString()} writes it. */
public final class Addresses {
    private Addresses() {
    }

    /** {@code 127.0.0.1}, or an IPv6 address in RFC 5952 compressed form without brackets ({@code ::1}). */
    public static String host(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: compress the longest run (two or more) of zero words, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (v6.getScopeId() != 0) {
            sb.append('%').append(v6.getScopeId());
        }
        return sb.toString();
    }

    /** {@code 127.0.0.1:53124}: the form inside Qt's {@code to (%1:%2): ACK}. */
    public static String hostPort(InetSocketAddress address) {
        return host(address.getAddress()) + ":" + address.getPort();
    }

    /** {@code (127.0.0.1:53124)}: how Qt's server names a peer in its messages. */
    public static String peerInfo(InetSocketAddress address) {
        return "(" + hostPort(address) + ")";
    }

    /**
     * Parses {@code HOST:PORT}, {@code [V6]:PORT} or {@code V6:PORT} (last colon splits). The host is
     * resolved; port must be 0 to 65535.
     *
     * @throws IllegalArgumentException with a message naming the bad part
     */
    public static InetSocketAddress parse(String text, int defaultPort) {
        String s = text.strip();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in address '" + text + "'");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected ':' after ']' in address '" + text + "'");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else {
                host = s; // no colon, or a bare IPv6 address
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in address '" + text + "'");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + port + "' is not a number in address '" + text + "'");
            }
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is out of range 0-65535 in address '" + text + "'");
        }
        InetSocketAddress address = new InetSocketAddress(host, p);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
        return address;
    }
}
