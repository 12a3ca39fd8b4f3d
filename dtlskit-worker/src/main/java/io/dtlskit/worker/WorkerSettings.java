package io.dtlskit.worker;

import io.dtlskit.CipherSuite;
import io.dtlskit.PskKey;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one worker does, fixed for its life.
 *
 * @param master            the Locust master's host and port ({@code --master-bind-port}, default 5557)
 * @param server            the DTLS server every user talks to
 * @param pskIdentityPrefix each user's PSK identity is this prefix followed by its worker index and number
 * @param pskKey            the PSK key (never logged)
 * @param suites            the cipher suites offered
 * @param handshakeTimeout  a handshake that has not completed after this is a failure ("timeout")
 * @param echoInterval      pause before each echo on an established association
 * @param echoTimeout       an echo without reply after this is a failure ("timeout")
 * @param echoesPerAssociation echoes before closing and handshaking again; 0 keeps each association for
 *                          the whole run, so each user handshakes once
 * @param connectTimeout    give up when the master has not acknowledged {@code client_ready} after this
 * @param masterLostTimeout quit when the connection to the master has been down this long
 */
public record WorkerSettings(InetSocketAddress master, InetSocketAddress server, String pskIdentityPrefix,
                             PskKey pskKey, List<CipherSuite> suites, Duration handshakeTimeout,
                             Duration echoInterval, Duration echoTimeout, int echoesPerAssociation,
                             Duration connectTimeout, Duration masterLostTimeout) {
    public WorkerSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(pskIdentityPrefix, "pskIdentityPrefix");
        Objects.requireNonNull(pskKey, "pskKey");
        suites = List.copyOf(suites);
        positive(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(echoInterval, "echoInterval");
        if (echoInterval.isNegative()) {
            throw new IllegalArgumentException("echo interval must not be negative, got " + echoInterval);
        }
        positive(echoTimeout, "echoTimeout");
        if (echoesPerAssociation < 0) {
            throw new IllegalArgumentException("echoes per association must be 0 or more, got " + echoesPerAssociation);
        }
        positive(connectTimeout, "connectTimeout");
        positive(masterLostTimeout, "masterLostTimeout");
    }

    /** The defaults of {@code dtlskit bench worker} for this master and server. */
    public static WorkerSettings defaults(InetSocketAddress master, InetSocketAddress server) {
        return new WorkerSettings(master, server, "device-", PskKey.qtExample(), CipherSuite.defaults(),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5), 10,
                Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    public WorkerSettings withEcho(Duration interval, int perAssociation) {
        return new WorkerSettings(master, server, pskIdentityPrefix, pskKey, suites, handshakeTimeout, interval,
                echoTimeout, perAssociation, connectTimeout, masterLostTimeout);
    }

    @Override
    public String toString() {
        // Records print every component; the key must not appear (PskKey hides itself, but be explicit).
        return "WorkerSettings[master=" + master + ", server=" + server + ", identity=" + pskIdentityPrefix + "*, suites="
                + suites + ", echo every " + echoInterval.toMillis() + " ms x" + echoesPerAssociation + "]";
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
