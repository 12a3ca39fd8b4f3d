package io.dtlskit;

import io.dtlskit.internal.Addresses;
import io.dtlskit.internal.ClientPeer;
import io.dtlskit.internal.QueueTransport;
import io.dtlskit.internal.PeerPath;
import io.dtlskit.internal.Records;
import io.dtlskit.internal.ServerPeer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** One server-side association with one peer address; runs on its own virtual thread. */
final class ServerSession {
    private final DtlsServer server;
    private final InetSocketAddress peerAddress;
    private final String peerInfo;
    private final DTLSRequest request;
    private final QueueTransport transport;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicLong datagramsIn = new AtomicLong();
    private final AtomicLong datagramsOut = new AtomicLong();

    private volatile AssociationState state = AssociationState.HANDSHAKING;
    private volatile ServerPeer peer;
    private volatile DTLSTransport dtls;
    private volatile String identity;
    private volatile String cipherSuite;
    private volatile Instant lastSeen;
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean peerClosed;
    private volatile boolean shuttingDown;
    private volatile boolean abandoned;
    private volatile byte[] lastDatagram;

    /** The random of the ClientHello that created this association, to recognise its late copies. */
    private final byte[] helloRandom;

    // RFC 9146 (null/unused without a Connection ID): where the peer is now, and the CID we gave it.
    private final PeerPath path;
    private volatile byte[] connectionId;
    /** Queued before a datagram routed by CID: where that datagram came from. */
    record From(InetSocketAddress address) {
    }
    // Association thread only: the source of the datagram the engine has, and what its records showed.
    private InetSocketAddress pendingFrom;
    private InetSocketAddress datagramFrom;
    private int datagramLength;
    private boolean newestSeen;
    private boolean accepted;

    ServerSession(DtlsServer server, InetSocketAddress peerAddress, DTLSRequest request, byte[] helloRandom) {
        this.helloRandom = helloRandom;
        this.server = server;
        this.peerAddress = peerAddress;
        this.peerInfo = Addresses.peerInfo(peerAddress);
        this.request = request;
        this.lastSeen = server.now();
        DtlsServer.Builder c = server.config();
        this.path = c.cidLength > 0 ? new PeerPath(peerAddress) : null;
        // The reactor drops datagrams above maxDatagram; Bouncy Castle allocates this much per receive call.
        this.transport = new QueueTransport(c.inboundQueue, c.maxDatagram,
                c.mtu - (peerAddress.getAddress() instanceof java.net.Inet6Address ? 48 : 28),
                this::write, new Observer());
    }

    boolean offer(byte[] datagram) {
        return transport.offer(datagram);
    }

    /** A datagram found by its Connection ID: it may come from a new address (RFC 9146 §6). */
    boolean offerFrom(InetSocketAddress from, byte[] datagram) {
        return transport.offer(new From(from), datagram);
    }

    /** Where the peer is now: where it started, unless a Connection ID let it move. */
    InetSocketAddress address() {
        return path == null ? peerAddress : path.current();
    }

    /** Called by the engine (through ServerPeer) when it agrees to RFC 9146: a fresh CID, indexed. */
    private byte[] allocateConnectionId() {
        byte[] cid = server.connectionIds().allocate(this);
        transport.readConnectionIdLength(cid.length);
        byte[] old = connectionId;
        connectionId = cid;
        server.connectionIds().release(old, this); // a second call in one handshake: keep only the last
        return cid;
    }

    /** True if this datagram is a ClientHello with the random that created this association. */
    boolean isCopyOfItsClientHello(byte[] datagram) {
        byte[] random = Records.clientHelloRandom(datagram);
        return random != null && helloRandom != null && java.security.MessageDigest.isEqual(random, helloRandom);
    }

    boolean isEstablished() {
        return state == AssociationState.ENCRYPTED;
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    PeerInfo info() {
        return new PeerInfo(address(), state, identity, cipherSuite, datagramsIn.get(), datagramsOut.get(), lastSeen);
    }

    /** Server shutdown: close_notify if encrypted. True if one was sent. */
    boolean shutdown() {
        shuttingDown = true;
        DTLSTransport t = dtls;
        try {
            if (t != null) {
                t.close();
                return true;
            }
            ServerPeer p = peer;
            if (p != null) {
                p.cancel();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
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

    void run() {
        String reason = null;
        boolean handshakeDone = false;
        try {
            peer = new ServerPeer(server.crypto(), server.config().identityHint, server.config().pskKey,
                    server.peerSettings(), new PeerCallbacks());
            peer.resumption(server.sessions());
            if (path != null) {
                peer.connectionIds(this::allocateConnectionId);
            }
            DTLSTransport t;
            try {
                t = new DTLSServerProtocol().accept(peer, transport, request);
            } catch (IOException | RuntimeException e) {
                handshakeDone = true;
                server.handshakeEnded(false);
                if (!abandoned && !shuttingDown) {
                    state = AssociationState.FAILED;
                    server.emit(new ServerEvent.PeerFailed(server.now(), peerAddress, failure(e)));
                }
                return;
            }
            handshakeDone = true;
            try {
                transport.handshakeDone(); // sends our last flight (CCS + Finished), packed
            } catch (IOException e) {
                server.handshakeEnded(false);
                state = AssociationState.FAILED;
                server.emit(new ServerEvent.PeerFailed(server.now(), peerAddress, failure(e)));
                return;
            }
            server.handshakeEnded(true);
            server.established(peerAddress, this);
            dtls = t;
            int code = peer.negotiatedCipherSuite();
            CipherSuite suite = CipherSuite.fromCode(code);
            cipherSuite = CipherSuite.nameOf(code);
            state = AssociationState.ENCRYPTED;
            if (peer.resumed()) {
                server.resumed();
                identity = peer.pskIdentity();
                server.emit(new ServerEvent.SessionResumed(server.now(), peerAddress, identity));
            }
            if (peer.localConnectionId() == null) {
                releaseConnectionId(); // the client did not take up RFC 9146
            }
            server.emit(new ServerEvent.PeerEncrypted(server.now(), peerAddress, cipherSuite,
                    suite != null ? suite.openSslName() : cipherSuite));
            if (shuttingDown) {
                try {
                    t.close();
                } catch (IOException ignored) {
                    // shutting down anyway
                }
                return;
            }
            reason = exchange(t);
        } finally {
            if (!handshakeDone) {
                server.handshakeEnded(false);
            }
            transport.close();
            if (state != AssociationState.FAILED) {
                state = AssociationState.CLOSED;
            }
            releaseConnectionId();
            server.forget(peerAddress, this);
            if (path != null && !path.current().equals(peerAddress)) {
                server.forget(path.current(), this);
            }
            if (reason != null && !abandoned) {
                server.emit(new ServerEvent.PeerClosed(server.now(), address(), reason));
            }
            terminated.complete(null);
        }
    }

    private String exchange(DTLSTransport t) {
        long idleMillis = server.config().idleTimeout.toMillis();
        while (true) {
            int wait = (int) Math.max(1, idleMillis - (System.nanoTime() - lastSeenNanos) / 1_000_000);
            byte[] plain;
            try {
                plain = path == null ? transport.receiveApplicationData(t, wait) // holds no buffer while idle
                        : transport.receiveApplicationData(t, wait, this::recordAccepted);
            } catch (TlsFatalAlertReceived e) {
                state = AssociationState.FAILED;
                return "fatal alert received: " + ClientPeer.alertName(e.getAlertDescription()) + ", peer forgotten";
            } catch (IOException e) {
                if (peerClosed) {
                    return "shutdown alert received, peer forgotten";
                }
                if (abandoned) {
                    return null;
                }
                if (shuttingDown) {
                    return "server shut down, close_notify sent";
                }
                state = AssociationState.FAILED;
                return "association failed - " + e.getMessage();
            }
            followMove();
            int n = plain == null ? -1 : plain.length;
            if (n < 0) {
                if ((System.nanoTime() - lastSeenNanos) / 1_000_000 >= idleMillis) {
                    try {
                        t.close(); // close_notify to the idle peer
                    } catch (IOException ignored) {
                        // forgetting it anyway
                    }
                    return "idle for " + (idleMillis % 1000 == 0 ? idleMillis / 1000 + " s" : idleMillis + " ms")
                            + ", closed";
                }
                continue;
            }
            if (n == 0) {
                server.emit(new ServerEvent.EmptyDatagram(server.now(), address()));
                continue;
            }
            byte[] raw = lastDatagram;
            server.emit(new ServerEvent.MessageReceived(server.now(), address(), raw == null ? new byte[0] : raw, plain));
            // Qt's reply names the address the datagram came from (spec section 4): after a move, the new one.
            String info = path == null ? peerInfo : Addresses.peerInfo(path.current());
            byte[] ack = ("to " + info + ": ACK").getBytes(StandardCharsets.ISO_8859_1);
            try {
                t.send(ack, 0, ack.length);
            } catch (IOException e) {
                state = AssociationState.FAILED;
                return "failed to send ACK - " + e.getMessage();
            }
        }
    }

    private DtlsException failure(Throwable e) {
        String who = peerInfo;
        if (e instanceof TlsTimeoutException) {
            return new HandshakeTimeoutException(who, server.config().handshakeTimeout, 0,
                    identity == null ? "ServerHello sent" : "PSK identity received",
                    identity == null ? null : "client did not finish: wrong PSK key?");
        }
        if (e instanceof TlsFatalAlertReceived r) {
            String alert = ClientPeer.alertName(r.getAlertDescription());
            return new AlertException(who, who + ": handshake error - client sent fatal alert " + alert, alert, true, e);
        }
        if (e instanceof TlsFatalAlert a) {
            String alert = ClientPeer.alertName(a.getAlertDescription());
            boolean pskMismatch = a.getAlertDescription() == AlertDescription.decrypt_error
                    || a.getAlertDescription() == AlertDescription.bad_record_mac;
            return new AlertException(who, who + ": handshake error - " + alert + (pskMismatch ? " (wrong PSK key?)" : ""),
                    alert, false, e);
        }
        return new TransportException(who, who + ": handshake error - " + e.getMessage(), e);
    }

    private void write(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = path == null ? peerAddress : path.reserve(len);
        if (to == null) {
            server.withheld(); // RFC 9146 §6: no amplification towards an address that has not answered yet
            return;
        }
        server.sendTo(to, buf, off, len);
        datagramsOut.incrementAndGet();
    }

    /** Engine callback, once per authenticated record of the datagram being received. */
    private void recordAccepted(int flags) {
        accepted = true;
        newestSeen |= (flags & org.bouncycastle.tls.DTLSRecordFlags.IS_NEWEST) != 0;
    }

    /** After each receive: an authenticated record may have moved the peer (RFC 9146 §6). */
    private void followMove() {
        if (path == null || !accepted) {
            return;
        }
        accepted = false;
        boolean newest = newestSeen;
        newestSeen = false;
        InetSocketAddress from = datagramFrom;
        if (from == null) {
            return;
        }
        PeerPath.Move move = path.authenticated(from, datagramLength, newest);
        if (move != null) {
            server.moved(move.from(), move.to(), this);
            byte[] cid = connectionId;
            server.emit(new ServerEvent.PeerMoved(server.now(), move.to(), move.from(),
                    cid == null ? "?" : java.util.HexFormat.of().formatHex(cid)));
        }
    }

    private void releaseConnectionId() {
        byte[] cid = connectionId;
        if (cid != null) {
            connectionId = null;
            server.connectionIds().release(cid, this);
        }
    }

    private final class Observer implements QueueTransport.Observer {
        @Override
        public void received(byte[] datagram) {
            datagramFrom = pendingFrom != null ? pendingFrom : address();
            pendingFrom = null;
            datagramLength = datagram.length;
            datagramsIn.incrementAndGet();
            lastSeen = server.now();
            lastSeenNanos = System.nanoTime();
            lastDatagram = datagram;
            if (state == AssociationState.HANDSHAKING) {
                server.emit(new ServerEvent.HandshakeProgress(server.now(), peerAddress));
            }
        }

        @Override
        public void notice(Object marker) {
            if (marker instanceof From f) {
                pendingFrom = f.address();
            }
        }
    }

    private final class PeerCallbacks implements ServerPeer.Callbacks {
        @Override
        public void identityReceived(String id) {
            identity = id;
            server.emit(new ServerEvent.PskIdentity(server.now(), peerAddress, id));
        }

        @Override
        public void alertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                peerClosed = true;
            }
        }

        @Override
        public void alertRaised(short level, short description, String message) {
        }
    }
}
