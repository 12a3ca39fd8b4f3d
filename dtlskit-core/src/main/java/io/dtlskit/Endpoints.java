package io.dtlskit;

import io.dtlskit.internal.Addresses;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Addresses as text, the way dtlskit's events write them (the form of Qt's {@code QHostAddress}):
 * for printers, windows and command lines built on the library.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** {@code 127.0.0.1}, or an IPv6 address in RFC 5952 compressed form without brackets ({@code ::1}). */
    public static String host(InetAddress address) {
        return Addresses.host(address);
    }

    /** {@code 127.0.0.1:53124} ({@code ::1:53124} for IPv6, as Qt writes it). */
    public static String hostPort(InetSocketAddress address) {
        return Addresses.hostPort(address);
    }

    /** {@code (127.0.0.1:53124)}: how server events name a peer. */
    public static String peerInfo(InetSocketAddress address) {
        return Addresses.peerInfo(address);
    }

    /**
     * Parses {@code HOST:PORT}, {@code [V6]:PORT} or {@code V6:PORT} (the last colon splits); the host is
     * resolved and the port must be 0 to 65535.
     *
     * @throws IllegalArgumentException with a message naming the bad part
     */
    public static InetSocketAddress parse(String text, int defaultPort) {
        return Addresses.parse(text, defaultPort);
    }
}
