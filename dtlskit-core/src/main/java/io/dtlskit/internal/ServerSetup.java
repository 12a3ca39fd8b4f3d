package io.dtlskit.internal;

import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.PeerVerifier;
import io.dtlskit.PskKey;
import io.dtlskit.PskStore;
import io.dtlskit.ServerHandler;
import io.dtlskit.ServerListener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The values behind {@code DtlsServer.Builder}: each setter checks its input at once and names the
 * bad value, and {@link #options} assembles what the dispatcher and sessions read. The builder keeps
 * the public names and their documentation; the defaults and the checks live here.
 */
public final class ServerSetup extends PeerSetup {
    private static final int MAX_DATAGRAM = 65_535;

    private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 22334);
    private PskStore pskStore;
    private String identityHint = "dtlskit";
    private Duration idleTimeout = Duration.ofMinutes(10);
    private int maxAssociations = 100_000;
    private int maxHandshakes = 10_000;
    private int maxDatagram = 16_384 + 2_048;
    private boolean listenAtStart = true;
    private ServerListener listener = ServerListener.NONE;
    private ServerHandler handler = ServerHandler.discard();
    private ClientAuth clientAuth = ClientAuth.NONE;
    private PeerVerifier clientVerifier;
    private int cidLength;
    private boolean resumption = true;

    public ServerSetup() {
        super(10_000);
    }

    /** An independent copy: later changes to one do not reach the other (nor a running server). */
    public ServerSetup copy() {
        ServerSetup b = copyShared(new ServerSetup());
        b.bind = bind;
        b.pskStore = pskStore;
        b.identityHint = identityHint;
        b.idleTimeout = idleTimeout;
        b.maxAssociations = maxAssociations;
        b.maxHandshakes = maxHandshakes;
        b.maxDatagram = maxDatagram;
        b.listenAtStart = listenAtStart;
        b.listener = listener;
        b.handler = handler;
        b.clientAuth = clientAuth;
        b.clientVerifier = clientVerifier;
        b.cidLength = cidLength;
        b.resumption = resumption;
        return b;
    }

    /** A PSK among the credentials also sets the key store and the identity hint. */
    public void credentials(Credentials... credentials) {
        Credentials.Psk psk = keepCredentials(credentials);
        if (psk != null) {
            pskStore(psk.store());
            identityHint(psk.identity());
        }
    }

    public void cid(int length) {
        if (length != 0 && (length < ConnectionIds.MIN_LENGTH || length > ConnectionIds.MAX_LENGTH)) {
            throw new IllegalArgumentException("connection ID length must be 0 (off) or "
                    + ConnectionIds.MIN_LENGTH + " to " + ConnectionIds.MAX_LENGTH + " bytes, was " + length);
        }
        this.cidLength = length;
    }

    public void clientAuth(ClientAuth mode, PeerVerifier verifier) {
        this.clientAuth = Objects.requireNonNull(mode, "mode");
        if (mode != ClientAuth.NONE && verifier == null) {
            throw new IllegalArgumentException("client authentication " + mode + " needs a verifier");
        }
        this.clientVerifier = verifier;
    }

    public void resumption(boolean on) {
        this.resumption = on;
    }

    public void bind(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("bind address " + address + " is unresolved");
        }
        this.bind = address;
    }

    public void pskKey(PskKey key) {
        this.pskStore = PskStore.single(key);
    }

    public void pskStore(PskStore store) {
        this.pskStore = Objects.requireNonNull(store, "store");
    }

    public void identityHint(String hint) {
        if (hint == null || hint.isEmpty()) {
            throw new IllegalArgumentException("identity hint must not be empty");
        }
        this.identityHint = hint;
    }

    public void handler(ServerHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    public void idleTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + timeout);
        }
        this.idleTimeout = timeout;
    }

    public void maxAssociations(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max associations must be >= 1, was " + max);
        }
        this.maxAssociations = max;
    }

    public void maxHandshakes(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max handshakes must be >= 1, was " + max);
        }
        this.maxHandshakes = max;
    }

    public void maxDatagram(int bytes) {
        if (bytes < 64 || bytes > MAX_DATAGRAM) {
            throw new IllegalArgumentException("max datagram must be 64 to 65535 bytes, was " + bytes);
        }
        this.maxDatagram = bytes;
    }

    public void listenAtStart(boolean listen) {
        this.listenAtStart = listen;
    }

    public void listener(ServerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Refuses to start a server that could not authenticate to any client. */
    public void requireCredentials() {
        if (pskStore == null && credentials.stream().allMatch(c -> c instanceof Credentials.Psk)) {
            throw new IllegalStateException("no credentials: set DtlsServer.builder().pskKey(PskKey.ofHex(...))"
                    + " or pskStore(PskStore.fromFile(...)), or credentials(Credentials.fromPem(...)) for certificates");
        }
    }

    /** The address to bind (port 0: any free port). */
    public InetSocketAddress bind() {
        return bind;
    }

    public boolean listenAtStart() {
        return listenAtStart;
    }

    /** Certificate settings for the peers, or null for PSK only; it may refuse the settings. */
    public PeerAuth peerAuth() {
        return PeerAuth.forServer(credentials, pskStore == null ? null
                : Credentials.pskStore(identityHint, pskStore), clientAuth, clientVerifier);
    }

    /** Opens the key log named in the settings, or returns null when none is. */
    public KeyLog openKeyLog() throws IOException {
        return keyLogOrNull();
    }

    /** The started server's settings, with the certificate settings made by {@link #peerAuth()}. */
    public ServerOptions options(PeerAuth peerAuth) {
        return new ServerOptions(settings, pskStore, identityHint, idleTimeout, maxAssociations, maxHandshakes,
                maxDatagram, handler, listener, cidLength, resumption, sessionCacheSize, sessionLifetime, peerAuth);
    }
}
