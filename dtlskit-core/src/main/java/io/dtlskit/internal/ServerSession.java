package io.dtlskit.internal;

import io.dtlskit.AssociationState;
import io.dtlskit.DtlsSession;
import io.dtlskit.PeerInfo;
import io.dtlskit.SendResult;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerHandler;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server-side association with one peer address, on its own virtual thread: the handshake, then
 * each record handed to the server's {@link ServerHandler}, until close_notify, the idle timeout, a
 * failure, replacement (RFC 6347 §4.2.8) or shutdown. It is the {@link DtlsSession} the handler sees.
 */
public final class ServerSession implements DtlsSession {
    private static final Logger log = LoggerFactory.getLogger(ServerSession.class);

    private final ServerCore core;
    private final InetSocketAddress peerAddress;
    private final String peerInfo;
    private final DTLSRequest request;
    private final QueueTransport transport;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** The thread running this session now (the handshake's, then the exchange's). */
    private volatile Thread runner;
    private final SessionTraffic traffic;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    /** The random of the ClientHello that created this association, to recognise its late copies. */
    private final byte[] helloRandom;
    /** RFC 9146 Connection ID and the peer's current address; null when the server gives no CIDs. */
    private final ConnectionIdPath cidPath;

    private volatile AssociationState state = AssociationState.HANDSHAKING;
    private volatile ServerPeer peer;
    private volatile DTLSTransport dtls;
    private volatile String identity;
    private volatile String serverName;
    private volatile io.dtlskit.PeerIdentity peerIdentity;
    private io.dtlskit.internal.CertificateHooks.Server certificates;
    private volatile String cipherSuite;
    private volatile Instant lastSeen;
    /** Refreshed only by what the engine authenticated: forged datagrams do not keep a session alive. */
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean peerClosed;
    private volatile boolean shuttingDown;
    private volatile boolean closedByApplication;
    private volatile boolean abandoned;

    ServerSession(ServerCore core, InetSocketAddress peerAddress, DTLSRequest request, byte[] helloRandom) {
        this.core = core;
        this.helloRandom = helloRandom;
        this.peerAddress = peerAddress;
        this.peerInfo = Addresses.peerInfo(peerAddress);
        this.request = request;
        this.lastSeen = core.now();
        Settings s = core.options.settings();
        // The dispatcher drops datagrams above maxDatagram; Bouncy Castle allocates this much per receive.
        this.cidPath = core.table.connectionIdLength() > 0 ? new ConnectionIdPath(core.table, this, peerAddress) : null;
        this.traffic = new SessionTraffic(core, peerAddress, cidPath, () -> state == AssociationState.HANDSHAKING);
        this.transport = new QueueTransport(s.inboundQueue(), core.options.maxDatagram(),
                s.mtu() - Settings.headerOverhead(peerAddress.getAddress()), this::write, traffic);
    }

    // ---------------------------------------------------------------- DtlsSession

    @Override
    public InetSocketAddress peer() {
        return cidPath == null ? peerAddress : cidPath.current(); // a CID lets the peer move (RFC 9146 §6)
    }

    @Override
    public io.dtlskit.PeerIdentity peerIdentity() {
        io.dtlskit.PeerIdentity p = peerIdentity;
        return p != null ? p : identity == null ? null : new io.dtlskit.PeerIdentity.Psk(identity);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public String cipherSuite() {
        return cipherSuite;
    }

    @Override
    public SendResult send(byte[] data) {
        return Sends.send(dtls, state == AssociationState.ENCRYPTED, peerInfo, state, data, 0, data.length);
    }

    @Override
    public void close() {
        if (closedByApplication || shuttingDown) {
            return;
        }
        closedByApplication = true;
        closeEngine();
    }

    @Override
    public PeerInfo stats() {
        return info();
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    // ---------------------------------------------------------------- for the dispatcher and server

    boolean offer(byte[] datagram) {
        return transport.offer(datagram);
    }

    /** A datagram found by its Connection ID: it may come from a new address (RFC 9146 §6). */
    boolean offerFrom(InetSocketAddress from, byte[] datagram) {
        return cidPath != null && cidPath.offerFrom(from, datagram, transport);
    }

    /** True if {@code random} is that of the ClientHello that created this association. */
    boolean createdBy(byte[] random) {
        return random != null && helloRandom != null && MessageDigest.isEqual(random, helloRandom);
    }

    public boolean isEncrypted() {
        return state == AssociationState.ENCRYPTED;
    }

    boolean isEstablished() {
        return state == AssociationState.ENCRYPTED;
    }

    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** True if the calling thread is this session's own (a handler or a close from inside it). */
    public boolean isOwnThread() {
        return Thread.currentThread() == runner;
    }

    public PeerInfo info() {
        return new PeerInfo(peer(), state, identity, cipherSuite, traffic.datagramsIn(), traffic.datagramsOut(), lastSeen,
                serverName);
    }

    /** Server shutdown: close_notify if encrypted, user_canceled during a handshake. True if close_notify went out. */
    public boolean shutdown() {
        shuttingDown = true;
        return closeEngine();
    }

    private boolean closeEngine() {
        try {
            DTLSTransport t = dtls;
            if (t != null) {
                t.close();
                return true;
            }
            ServerPeer p = peer;
            if (p != null) {
                p.cancel();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("{}: close: {}", peerInfo, e.toString());
        } finally {
            transport.close();
        }
        return false;
    }

    /** The peer restarted (RFC 6347 §4.2.8): drop silently, it has no state to receive an alert with. */
    void abandon() {
        abandoned = true;
        transport.close();
    }

    // ---------------------------------------------------------------- the session's thread

    void run() {
        runner = Thread.currentThread();
        boolean handshakeEnded = false;
        boolean opened = false;
        boolean handedOver = false;
        ServerHandler handler = core.options.handler();
        try {
            certificates = core.options.peerAuth() == null ? null : new CertificateHooks.Server(core.options.peerAuth(),
                    (org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto) core.crypto);
            peer = new ServerPeer(core.crypto, core.options.identityHint(), core.options.pskStore(),
                    core.peerSettings, new PeerCallbacks(), certificates);
            peer.resumption(core.sessions);
            if (cidPath != null) {
                peer.connectionIds(() -> cidPath.allocate(transport));
            }
            DTLSTransport t;
            try {
                t = new DTLSServerProtocol().accept(peer, transport, request);
                transport.handshakeDone(); // sends our last flight (CCS + Finished), packed
            } catch (IOException | RuntimeException e) {
                handshakeEnded = true;
                core.handshakeEnded(false);
                if (!abandoned && !shuttingDown && !closedByApplication) {
                    state = AssociationState.FAILED;
                    core.emit(new ServerEvent.PeerFailed(core.now(), peerAddress, Failures.serverHandshake(e, peerInfo,
                            core.options.settings().handshakeTimeout(), identity, certificates != null,
                            traffic.retransmissions())));
                }
                return;
            }
            handshakeEnded = true;
            core.handshakeEnded(true);
            core.established(peerAddress, this);
            SessionFacts facts = SessionFacts.read(core, peer, certificates, peerAddress, identity);
            cipherSuite = facts.cipherSuite();
            peerIdentity = facts.peerIdentity();
            identity = facts.identity();
            serverName = facts.serverName();
            dtls = t;
            lastSeenNanos = System.nanoTime();
            state = AssociationState.ENCRYPTED;
            if (cidPath != null && peer.localConnectionId() == null) {
                cidPath.release(); // the client did not take up RFC 9146
            }
            facts.report(core, peerAddress);
            if (shuttingDown || closedByApplication) {
                closeEngine();
                return;
            }
            opened = true;
            call(() -> handler.onOpen(this));
            // The exchange runs on a new virtual thread. A parked virtual thread keeps its stack on the
            // heap, in a chunk as large as the deepest stack it ever parked with: this one parked deep
            // in Bouncy Castle's handshake (about 3 KiB more than the exchange needs), for as long as the
            // association is held (docs/benchmarks.md, "Hold").
            core.startThread(() -> serve(t, handler));
            handedOver = true;
        } finally {
            if (!handedOver) {
                end(handshakeEnded, opened, null);
            }
        }
    }

    private void serve(DTLSTransport t, ServerHandler handler) {
        runner = Thread.currentThread();
        String reason = null;
        try {
            reason = new ServerExchange(this, core, transport, traffic, cidPath, t, handler).run();
        } finally {
            end(true, true, reason);
        }
    }

    /** The session's end, on whichever thread ran it last: forget it, tell the handler and the listener. */
    private void end(boolean handshakeEnded, boolean opened, String reason) {
        if (!handshakeEnded) {
            core.handshakeEnded(false);
        }
        transport.close();
        if (state != AssociationState.FAILED) {
            state = AssociationState.CLOSED;
        }
        core.forget(peerAddress, this);
        if (cidPath != null) {
            cidPath.release();
            core.forget(cidPath.current(), this);
        }
        if (opened) {
            String why = reason != null ? reason : "replaced by a new handshake from the same address";
            ServerHandler handler = core.options.handler();
            call(() -> handler.onClose(this, why));
        }
        if (reason != null && !abandoned) {
            core.emit(new ServerEvent.PeerClosed(core.now(), peer(), reason));
        }
        terminated.complete(null);
    }

    // ---------------------------------------------------------------- for the exchange (ServerExchange)

    long idleMillis() {
        return (System.nanoTime() - lastSeenNanos) / 1_000_000;
    }

    /** An authenticated record arrived: the idle clock starts again. */
    void seen() {
        lastSeenNanos = System.nanoTime();
        lastSeen = core.now();
    }

    void failed() {
        state = AssociationState.FAILED;
    }

    /** Why the engine's receive failed: the end this session was told of first, else a failure. */
    String endedBy(IOException e) {
        if (peerClosed) {
            return "shutdown alert received, peer forgotten";
        }
        if (abandoned) {
            return null;
        }
        if (shuttingDown) {
            return "server shut down, close_notify sent";
        }
        if (closedByApplication) {
            return "closed by the application, close_notify sent";
        }
        state = AssociationState.FAILED;
        return "association failed - " + e.getMessage();
    }

    void call(Runnable handlerCall) {
        try {
            handlerCall.run();
        } catch (RuntimeException e) {
            log.warn("{}: server handler threw: {}", peerInfo, e.toString(), e);
        }
    }

    /** After each receive: an authenticated record may have moved the peer (RFC 9146 §6). */
    void followMove() {
        PeerPath.Move move = cidPath == null ? null : cidPath.afterReceive();
        if (move != null) {
            core.moved(move.from(), move.to(), this);
            core.emit(new ServerEvent.PeerMoved(core.now(), move.to(), move.from(), cidPath.hex()));
        }
    }

    private boolean write(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = cidPath == null ? peerAddress : cidPath.reserve(len);
        if (to == null) {
            // RFC 9146 §6: no amplification towards an address that has not answered yet. Counted, and
            // reported to the engine as sent: it is lost like any datagram, not a socket failure.
            core.amplificationWithheld.increment();
            return true;
        }
        boolean sent = core.sendTo(to, buf, off, len);
        if (sent) {
            traffic.wrote();
        } else {
            Sends.refused();
        }
        return sent;
    }

    private final class PeerCallbacks implements ServerPeer.Callbacks {
        @Override
        public void identityReceived(String id, boolean known) {
            identity = id;
            core.emit(new ServerEvent.PskIdentity(core.now(), peerAddress, id));
        }

        @Override
        public void alertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                peerClosed = true;
            }
        }

        @Override
        public void sideWarning(String text) {
            core.emit(new ServerEvent.Warning(core.now(), null, text)); // server-wide: the key log is shared
        }

        @Override
        public void peerLacksSecureRenegotiation() {
            core.emit(new ServerEvent.NoSecureRenegotiation(core.now(), peerAddress));
        }

        @Override
        public void renegotiationRefused(boolean alertSent) {
            core.emit(new ServerEvent.RenegotiationRefused(core.now(), peerAddress, alertSent));
        }
    }
}
