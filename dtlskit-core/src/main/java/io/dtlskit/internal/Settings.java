package io.dtlskit.internal;

import io.dtlskit.CipherSuite;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings both builders share, as one immutable value: each setter of {@code DtlsClient.Builder}
 * and {@code DtlsServer.Builder} that both sides have validates here once and returns a new value.
 *
 * @param inboundQueue      datagrams queued per association before more are dropped
 * @param maxHandshakeMessage epoch-0 handshake messages declaring more are dropped (docs/bouncy-castle.md #7)
 */
public record Settings(List<CipherSuite> cipherSuites, Duration handshakeTimeout, Duration initialRetransmit,
                       int mtu, int inboundQueue, int maxHandshakeMessage, Clock clock, Path keyLogFile) {

    public static Settings defaults() {
        return new Settings(CipherSuite.defaults(), Duration.ofSeconds(60), Duration.ofSeconds(1), 1400, 64,
                16 * 1024, Clock.systemUTC(), null);
    }

    public Settings withCipherSuites(List<CipherSuite> suites) {
        if (suites == null || suites.isEmpty()) {
            throw new IllegalArgumentException("at least one cipher suite is required");
        }
        return new Settings(List.copyOf(suites), handshakeTimeout, initialRetransmit, mtu, inboundQueue,
                maxHandshakeMessage, clock, keyLogFile);
    }

    public Settings withHandshakeTimeout(Duration timeout) {
        Durations.requireMillisRange("handshake timeout", timeout);
        return new Settings(cipherSuites, timeout, initialRetransmit, mtu, inboundQueue, maxHandshakeMessage, clock,
                keyLogFile);
    }

    public Settings withInitialRetransmit(Duration timeout) {
        Durations.requireMillisRange("initial retransmission timeout", timeout);
        return new Settings(cipherSuites, handshakeTimeout, timeout, mtu, inboundQueue, maxHandshakeMessage, clock,
                keyLogFile);
    }

    public Settings withMtu(int value) {
        if (value < 256 || value > 65535) {
            throw new IllegalArgumentException("MTU must be 256 to 65535, was " + value);
        }
        return new Settings(cipherSuites, handshakeTimeout, initialRetransmit, value, inboundQueue,
                maxHandshakeMessage, clock, keyLogFile);
    }

    public Settings withInboundQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("inbound queue must hold at least 1 datagram, was " + capacity);
        }
        return new Settings(cipherSuites, handshakeTimeout, initialRetransmit, mtu, capacity, maxHandshakeMessage,
                clock, keyLogFile);
    }

    public Settings withClock(Clock value) {
        return new Settings(cipherSuites, handshakeTimeout, initialRetransmit, mtu, inboundQueue, maxHandshakeMessage,
                Objects.requireNonNull(value, "clock"), keyLogFile);
    }

    public Settings withKeyLogFile(Path file) {
        return new Settings(cipherSuites, handshakeTimeout, initialRetransmit, mtu, inboundQueue, maxHandshakeMessage,
                clock, file);
    }

    /** What the Bouncy Castle peers need, with the key log opened by the caller. */
    public PeerSettings peerSettings(KeyLog keyLog) {
        return new PeerSettings(cipherSuites, Durations.saturatedMillis(handshakeTimeout),
                Durations.saturatedMillis(initialRetransmit), keyLog);
    }

    /** IP and UDP header bytes for this peer address (IPv6 40 + 8, IPv4 20 + 8). */
    public static int headerOverhead(java.net.InetAddress peer) {
        return peer instanceof java.net.Inet6Address ? 48 : 28;
    }
}
