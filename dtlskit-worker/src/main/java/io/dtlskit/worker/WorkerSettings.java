package io.dtlskit.worker;

import io.dtlskit.CipherSuite;
import io.dtlskit.PskKey;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one worker does, fixed for its life; made by {@link #builder}.
 *
 * @param master               the Locust master's host and port ({@code --master-bind-port}, default 5557)
 * @param server               the DTLS server every user talks to
 * @param localAddress         the source address of every association's socket, or null for any; several
 *                             workers on one host each need their own to get their own ephemeral ports
 * @param pskIdentityPrefix    each user's PSK identity is this prefix, its worker index, '-' and its number
 * @param pskKey               the PSK key (never logged)
 * @param suites               the cipher suites offered
 * @param handshakeTimeout     a handshake not completed after this is a failure ("timeout")
 * @param echoInterval         pause before each echo on an established association
 * @param echoTimeout          an echo without reply after this is a failure ("timeout")
 * @param echoesPerAssociation echoes before closing and handshaking again; 0 keeps each association for
 *                             the whole run, so each user handshakes once
 * @param connectTimeout       give up when the master has not acknowledged {@code client_ready} after this
 * @param masterLostTimeout    stop when the connection to the master has been down this long
 * @param resume               each user resumes its previous session when it handshakes again (RFC 5246 §7.3)
 * @param connectionId         offer RFC 9146 Connection IDs
 */
public record WorkerSettings(InetSocketAddress master, InetSocketAddress server, InetAddress localAddress,
                             String pskIdentityPrefix, PskKey pskKey, List<CipherSuite> suites,
                             Duration handshakeTimeout, Duration echoInterval, Duration echoTimeout,
                             int echoesPerAssociation, Duration connectTimeout, Duration masterLostTimeout,
                             boolean resume, boolean connectionId) {
    public WorkerSettings {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(pskIdentityPrefix, "pskIdentityPrefix");
        Objects.requireNonNull(pskKey, "pskKey");
        suites = List.copyOf(suites);
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("at least one cipher suite is needed");
        }
        positive(handshakeTimeout, "handshake timeout");
        Objects.requireNonNull(echoInterval, "echoInterval");
        if (echoInterval.isNegative()) {
            throw new IllegalArgumentException("echo interval must not be negative, got " + echoInterval);
        }
        positive(echoTimeout, "echo timeout");
        if (echoesPerAssociation < 0) {
            throw new IllegalArgumentException("echoes per association must be 0 or more, got " + echoesPerAssociation);
        }
        positive(connectTimeout, "connect timeout");
        positive(masterLostTimeout, "master-lost timeout");
    }

    /** Qt's example key (docs/qt-compatibility.md), the default of dtlskit's CLI server too. */
    private static final String QT_EXAMPLE_KEY_HEX = "1a2b3c4d5e6f";

    /** Settings for this master and server; every other value has the default its setter names. */
    public static Builder builder(InetSocketAddress master, InetSocketAddress server) {
        return new Builder(master, server);
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

    /** Builds {@link WorkerSettings}; {@link #build()} validates and names the bad value. */
    public static final class Builder {
        private final InetSocketAddress master;
        private final InetSocketAddress server;
        private InetAddress localAddress;
        private String pskIdentityPrefix = "device-";
        private PskKey pskKey = PskKey.ofHex(QT_EXAMPLE_KEY_HEX);
        private List<CipherSuite> suites = CipherSuite.defaults();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration echoInterval = Duration.ofSeconds(1);
        private Duration echoTimeout = Duration.ofSeconds(5);
        private int echoesPerAssociation = 10;
        private Duration connectTimeout = Duration.ofSeconds(60);
        private Duration masterLostTimeout = Duration.ofSeconds(60);
        private boolean resume;
        private boolean connectionId;

        private Builder(InetSocketAddress master, InetSocketAddress server) {
            this.master = master;
            this.server = server;
        }

        /** If unset: any local address (the system picks by route). */
        public Builder localAddress(InetAddress address) {
            this.localAddress = address;
            return this;
        }

        /** If unset: {@code device-}. */
        public Builder pskIdentityPrefix(String prefix) {
            this.pskIdentityPrefix = prefix;
            return this;
        }

        /** If unset: Qt's example key, {@code 1a2b3c4d5e6f}, which {@code ./dtlskit server} also uses by default. */
        public Builder pskKey(PskKey key) {
            this.pskKey = key;
            return this;
        }

        /** If unset: {@link CipherSuite#defaults()}. */
        public Builder suites(List<CipherSuite> suites) {
            this.suites = suites;
            return this;
        }

        /** If unset: 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** If unset: an echo every second, 10 per association. */
        public Builder echo(Duration interval, int perAssociation) {
            this.echoInterval = interval;
            this.echoesPerAssociation = perAssociation;
            return this;
        }

        /** If unset: 5 s. */
        public Builder echoTimeout(Duration timeout) {
            this.echoTimeout = timeout;
            return this;
        }

        /** If unset: 60 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** If unset: 60 s. */
        public Builder masterLostTimeout(Duration timeout) {
            this.masterLostTimeout = timeout;
            return this;
        }

        /**
         * If set, a user's handshakes after its first offer its last session for an abbreviated handshake
         * and are reported as {@link Requests#RESUMED_HANDSHAKE} when the server resumes it. If unset: off.
         */
        public Builder resume(boolean on) {
            this.resume = on;
            return this;
        }

        /** If set, every association offers an RFC 9146 Connection ID. If unset: off. */
        public Builder connectionId(boolean on) {
            this.connectionId = on;
            return this;
        }

        public WorkerSettings build() {
            return new WorkerSettings(master, server, localAddress, pskIdentityPrefix, pskKey, suites,
                    handshakeTimeout, echoInterval, echoTimeout, echoesPerAssociation, connectTimeout,
                    masterLostTimeout, resume, connectionId);
        }
    }
}
