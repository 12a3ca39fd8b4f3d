package io.dtlskit.internal;

import io.dtlskit.AssociationEvent;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsException;
import io.dtlskit.HandshakeResult;
import io.dtlskit.PskKey;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one client handshake (cookie exchange included) over a fresh transport, and keeps its
 * bookkeeping: the {@link HandshakeStep} reached, retransmissions (a flight written after a receive
 * timeout, RFC 6347 §4.2.4), the server's identity hint. Association thread only, except the
 * transport callbacks, which only count and queue events.
 */
final class ClientHandshake implements ClientPeer.Callbacks, ServerCheck.Observer {
    /** The engine and what it established. */
    record Outcome(DTLSTransport engine, HandshakeResult result) {
    }

    private final ClientContext ctx;
    private final String name;
    private final InetSocketAddress server;
    private final String identity;
    private final PskKey key;
    private final ClientEvents events;
    private final Counters counters;
    private final PeerPolicy.Alerts alerts;
    private final long startNanos = System.nanoTime();
    private volatile HandshakeStep step = HandshakeStep.CLIENT_HELLO_SENT;
    private volatile int retransmissions;
    private volatile boolean timeoutPending;
    private volatile long flightSentNanos = startNanos;
    private volatile boolean done;
    private String identityHint;
    private io.dtlskit.PeerIdentity serverIdentity;
    private CertificateHooks.Client certificates;
    private ClientPeer peer;
    private volatile QueueTransport transport;
    /** Flights answered by ICMP port unreachable since the server's last datagram (association thread). */
    private int unreachableInARow;
    /** The flight (its retransmission number) whose ICMP answer was counted last; -1: none. */
    private int lastUnreachableFlight = -1;
    private volatile boolean gaveUpUnreachable;
    /** The session offered for resumption, or null (RFC 5246 §7.3). */
    private org.bouncycastle.tls.TlsSession offered;

    ClientHandshake(ClientContext ctx, String name, InetSocketAddress server, String identity, PskKey key,
                    ClientEvents events, Counters counters, PeerPolicy.Alerts alerts) {
        this.ctx = ctx;
        this.name = name;
        this.server = server;
        this.identity = identity;
        this.key = key;
        this.events = events;
        this.counters = counters;
        this.alerts = alerts;
    }

    /** Runs the handshake; a failure is mapped by {@code failure}. */
    Outcome run(QueueTransport transport, java.util.function.Function<Throwable, DtlsException> failure)
            throws DtlsException {
        events.emit(new AssociationEvent.HandshakeStarted(now(), name, server));
        this.transport = transport;
        certificates = CertificateHooks.forClient(ctx.peerAuth(), server, ctx.crypto(), this);
        peer = new ClientPeer(ctx.crypto(), identity, key, ctx.peerSettings(), this, certificates);
        SessionCache<ClientContext.SessionKey> sessions = ctx.sessions();
        // A certificate-only client sends no identity: its sessions belong to the server alone.
        ClientContext.SessionKey sessionKey = new ClientContext.SessionKey(server, key == null ? "" : identity);
        offered = sessions == null ? null : sessions.get(sessionKey);
        peer.resume(offered);
        peer.offerConnectionId(ctx.options().connectionId());
        DTLSTransport engine;
        try {
            // On a thread of its own: the association's thread must not keep the handshake's deep stack.
            engine = ShallowStack.run(Thread.currentThread().getName() + "-handshake", events::own, () -> {
                DTLSTransport connected = new DTLSClientProtocol().connect(peer, transport);
                transport.handshakeDone();
                return connected;
            }, events::own, transport::close);
        } catch (IOException | RuntimeException e) {
            done = true;
            if (gaveUpUnreachable) {
                throw new io.dtlskit.TransportException(name, name + ": no server on " + Addresses.hostPort(server)
                        + ": ICMP port unreachable for " + unreachableInARow + " flights in a row, gave up after "
                        + retransmissions + " retransmission(s) (is the server running, and is the port right?)", e);
            }
            throw failure.apply(e);
        }
        done = true;
        step = HandshakeStep.COMPLETED;
        boolean resumed = peer.resumed();
        if (resumed && serverIdentity == null) {
            try {
                serverIdentity = CertificateHooks.resumedPeer(ctx.peerAuth(), peer.peerCertificate());
            } catch (IOException e) {
                serverIdentity = null; // it was parsed and checked when the session was made
            }
        }
        if (sessions != null) {
            if (!resumed && offered != null) {
                sessions.remove(sessionKey); // the server forgot it: never offer it again
            }
            sessions.put(sessionKey, peer.resumableSession());
        }
        byte[] cid = peer.peerConnectionId();
        HandshakeResult result = new HandshakeResult(name, server, CipherSuite.nameOf(peer.negotiatedCipherSuite()),
                "DTLS 1.2", Duration.ofNanos(System.nanoTime() - startNanos), retransmissions, identityHint, resumed,
                cid == null ? null : java.util.HexFormat.of().formatHex(cid),
                serverIdentity != null ? serverIdentity
                        : identityHint == null ? null : new io.dtlskit.PeerIdentity.Psk(identityHint));
        return new Outcome(engine, result);
    }

    /**
     * After HandshakeCompleted: with resumption on, whether the handshake resumed and why not; with
     * CID on, what the server agreed to (RFC 9146).
     */
    void reportExtensions(HandshakeResult result) {
        if (ctx.sessions() != null) {
            events.emit(new AssociationEvent.Resumption(now(), name, result.resumed(), result.elapsed(),
                    result.resumed() ? "resumed" : offered == null ? "no session to resume"
                            : "the server did not resume our session"));
        }
        if (ctx.options().connectionId()) {
            events.emit(new AssociationEvent.Info(now(), name, result.connectionId() == null
                    ? "no connection ID: the server did not agree to RFC 9146"
                    : "connection ID " + result.connectionId() + " (RFC 9146): the association survives a change "
                    + "of our address"));
        }
    }

    /** Sends user_canceled while the handshake runs (close during the handshake). */
    void cancel() throws IOException {
        ClientPeer p = peer;
        if (p != null) {
            p.cancel();
        }
    }

    /** The certificate hooks of this handshake, or null for PSK only. */
    CertificateHooks.Client certificates() {
        return certificates;
    }

    HandshakeStep step() {
        return step;
    }

    int retransmissions() {
        return retransmissions;
    }

    boolean running() {
        return !done;
    }

    // ---------------------------------------------------------------- transport callbacks

    void received(int bytes) {
        timeoutPending = false;
        unreachableInARow = 0;
        lastUnreachableFlight = -1;
        events.emit(new AssociationEvent.HandshakeContinued(now(), name, bytes));
    }

    /**
     * One more ICMP port unreachable (association thread), counted once per flight. Enough flights in a
     * row answered so end the handshake at once: closing the transport makes the engine's receive
     * fail, and {@link #run} gives the reason.
     */
    void unreachable() {
        int flight = retransmissions;
        if (flight == lastUnreachableFlight) {
            return; // another datagram of a flight already counted
        }
        lastUnreachableFlight = flight;
        unreachableInARow++;
        int limit = ctx.options().portUnreachableLimit();
        QueueTransport q = transport;
        if (limit > 0 && unreachableInARow >= limit && !done && !gaveUpUnreachable && q != null) {
            gaveUpUnreachable = true;
            q.close();
        }
    }

    void timedOut() {
        timeoutPending = true; // Bouncy Castle resends its flight after a receive timeout
    }

    void sent() {
        long now = System.nanoTime();
        if (timeoutPending) {
            timeoutPending = false;
            int n = ++retransmissions;
            counters.retransmitted();
            events.emit(new AssociationEvent.Retransmission(now(), name, n,
                    Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(now - flightSentNanos))));
        }
        flightSentNanos = now;
    }

    // ---------------------------------------------------------------- peer callbacks

    @Override
    public void identityHint(String hint) {
        identityHint = hint;
        events.emit(new AssociationEvent.IdentityHint(now(), name, hint));
    }

    @Override
    public void pskProvided(String id) {
        step = HandshakeStep.PSK_PROVIDED;
        events.emit(new AssociationEvent.PskProvided(now(), name, id));
    }

    @Override
    public void peerPresented(io.dtlskit.PeerIdentity peerIdentity) {
        serverIdentity = peerIdentity;
        events.emit(new AssociationEvent.PeerCertificate(now(), name, peerIdentity));
        if (ctx.peerAuth().insecure()) {
            events.emit(new AssociationEvent.Warning(now(), name,
                    "INSECURE: the server's certificate is NOT verified (--insecure); anyone can impersonate it"));
        }
    }

    @Override
    public void certificateRequested(boolean answered) {
        events.emit(answered ? new AssociationEvent.Info(now(), name, "sending our client certificate")
                : new AssociationEvent.Warning(now(), name,
                "the server asked for a client certificate; none configured, sending an empty one"));
    }

    @Override
    public void alertReceived(short level, short description) {
        alerts.alertReceived(level, description);
    }

    @Override
    public void alertRaised(short level, short description, String message) {
        alerts.alertRaised(level, description, message);
    }

    @Override
    public void sideWarning(String text) {
        events.emit(new AssociationEvent.Warning(now(), name, text));
    }

    @Override
    public void peerLacksSecureRenegotiation() {
        events.emit(new AssociationEvent.NoSecureRenegotiation(now(), name));
    }

    @Override
    public void renegotiationRefused(boolean alertSent) {
        events.emit(new AssociationEvent.RenegotiationRefused(now(), name, alertSent));
    }

    private java.time.Instant now() {
        return ctx.options().settings().clock().instant();
    }
}
