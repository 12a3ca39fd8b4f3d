package io.dtlskit.internal;

import io.dtlskit.Credentials;
import io.dtlskit.DataHandler;
import io.dtlskit.PeerVerifier;
import io.dtlskit.Pinger;
import io.dtlskit.PskKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The values behind {@code DtlsClient.Builder}: each setter checks its input at once and names the
 * bad value, and {@link #context} assembles what the client's associations share. The builder keeps
 * the public names and their documentation; the defaults and the checks live here.
 */
public final class ClientSetup extends PeerSetup {
    private PskKey pskKey;
    private String pskIdentity;
    private Pinger pinger;
    private Duration pingInterval = Duration.ZERO;
    private long maxPings;
    private int unansweredPingsLimit = 3;
    private int portUnreachableLimit = 3;
    private boolean reconnect;
    private Duration reconnectInitial = Duration.ofSeconds(1);
    private Duration reconnectMax = Duration.ofSeconds(30);
    private DataHandler dataHandler;
    private Supplier<String> names = defaultNames();
    private PeerVerifier serverVerifier;
    private String serverName;
    private boolean connectionId;
    private boolean resume;

    public ClientSetup() {
        super(1_000);
    }

    /** An independent copy: later changes to one do not reach the other (nor a running client). */
    public ClientSetup copy() {
        ClientSetup b = copyShared(new ClientSetup());
        b.pskKey = pskKey;
        b.pskIdentity = pskIdentity;
        b.pinger = pinger;
        b.pingInterval = pingInterval;
        b.maxPings = maxPings;
        b.unansweredPingsLimit = unansweredPingsLimit;
        b.portUnreachableLimit = portUnreachableLimit;
        b.reconnect = reconnect;
        b.reconnectInitial = reconnectInitial;
        b.reconnectMax = reconnectMax;
        b.dataHandler = dataHandler;
        b.names = names;
        b.serverVerifier = serverVerifier;
        b.serverName = serverName;
        b.connectionId = connectionId;
        b.resume = resume;
        return b;
    }

    private static Supplier<String> defaultNames() {
        AtomicInteger next = new AtomicInteger();
        return () -> "association " + next.getAndIncrement();
    }

    /** A PSK among the credentials also sets the key and identity. */
    public void credentials(Credentials... credentials) {
        Credentials.Psk psk = keepCredentials(credentials);
        if (psk != null) {
            pskKey(psk.key());
            pskIdentity(psk.identity());
        }
    }

    public void serverVerifier(PeerVerifier verifier) {
        this.serverVerifier = Objects.requireNonNull(verifier, "verifier");
    }

    public void serverName(String name) {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("server name must not be blank");
        }
        this.serverName = name;
    }

    public void cid(boolean offer) {
        this.connectionId = offer;
    }

    public void resume(boolean resume) {
        this.resume = resume;
    }

    public void pskKey(PskKey key) {
        this.pskKey = Objects.requireNonNull(key, "key");
    }

    public void pskIdentity(String identity) {
        this.pskIdentity = identity;
    }

    public void names(Supplier<String> names) {
        this.names = Objects.requireNonNull(names, "names");
    }

    public void onData(DataHandler handler) {
        this.dataHandler = Objects.requireNonNull(handler, "handler");
    }

    public void keepAlive(Pinger pinger, Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("ping interval must be zero (off) or positive, was " + interval);
        }
        this.pinger = Objects.requireNonNull(pinger, "pinger");
        this.pingInterval = interval;
    }

    public void maxPings(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("ping count must be >= 0, was " + count);
        }
        this.maxPings = count;
    }

    public void reconnect(Duration initial, Duration max) {
        requirePositive("reconnect backoff", initial);
        requirePositive("maximum reconnect backoff", max);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum reconnect backoff " + max + " is below the initial " + initial);
        }
        this.reconnect = true;
        this.reconnectInitial = initial;
        this.reconnectMax = max;
    }

    public void unansweredPingsLimit(int pings) {
        if (pings < 1) {
            throw new IllegalArgumentException("unanswered pings limit must be >= 1, was " + pings);
        }
        this.unansweredPingsLimit = pings;
    }

    public void portUnreachableLimit(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("port unreachable limit must be >= 0, was " + times);
        }
        this.portUnreachableLimit = times;
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }

    /** Refuses to build a client that could not authenticate to any server. */
    public void requireCredentials() {
        if (pskKey == null && serverVerifier == null) {
            throw new IllegalStateException("no credentials: set DtlsClient.builder().pskKey(PskKey.ofHex(...))"
                    + " (and pskIdentity(...) unless each association's name is its identity), or"
                    + " serverVerifier(PeerVerifier.trusting(...)) for certificates");
        }
    }

    /** The next name for an association opened without one. */
    public String nextName() {
        return names.get();
    }

    /** The client-wide identity, or null: each association then sends its own name. */
    public String pskIdentity() {
        return pskIdentity;
    }

    public PskKey pskKey() {
        return pskKey;
    }

    /** The client-wide data handler, or null: a bounded buffer per association. */
    public DataHandler dataHandler() {
        return dataHandler;
    }

    /** Opens the key log named in the settings, or returns null when none is. */
    public KeyLog openKeyLog() {
        try {
            return keyLogOrNull();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Certificate settings for the peers, or null for PSK only. */
    private PeerAuth peerAuth() {
        return PeerAuth.forClient(credentials, pskKey == null ? null
                : Credentials.psk(pskIdentity == null ? "" : pskIdentity, pskKey), serverVerifier, serverName);
    }

    /** What every association of the client being built shares, on {@code reactor}. */
    public ClientContext context(Reactor reactor, KeyLog keyLog) {
        ClientOptions options = new ClientOptions(settings, pskKey, pskIdentity, pinger, pingInterval,
                maxPings, unansweredPingsLimit, reconnect, reconnectInitial, reconnectMax,
                portUnreachableLimit, connectionId);
        return new ClientContext(options, reactor, new LeanCrypto(new SecureRandom()), keyLog,
                settings.peerSettings(keyLog), resume ? new SessionCache<>(sessionCacheSize, sessionLifetime,
                        SessionCache.nanos(settings.clock())) : null, peerAuth());
    }
}
