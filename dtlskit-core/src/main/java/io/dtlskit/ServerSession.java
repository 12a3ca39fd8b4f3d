package io.dtlskit;

import io.dtlskit.internal.Addresses;
import io.dtlskit.internal.ClientPeer;
import io.dtlskit.internal.QueueTransport;
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
    /** Flights resent after a receive timeout, counted as the client counts its own (RFC 6347 §4.2.4). */
    private volatile int retransmissions;
    private boolean timeoutPending; // session thread only

    /** The random of the ClientHello that created this association, to recognise its late copies. */
    private final byte[] helloRandom;

    ServerSession(DtlsServer server, InetSocketAddress peerAddress, DTLSRequest request, byte[] helloRandom) {
        this.helloRandom = helloRandom;
        this.server = server;
        this.peerAddress = peerAddress;
        this.peerInfo = Addresses.peerInfo(peerAddress);
        this.request = request;
        this.lastSeen = server.now();
        DtlsServer.Builder c = server.config();
        // The reactor drops datagrams above maxDatagram; Bouncy Castle allocates this much per receive call.
        this.transport = new QueueTransport(c.inboundQueue, c.maxDatagram,
                c.mtu - (peerAddress.getAddress() instanceof java.net.Inet6Address ? 48 : 28),
                this::write, new Observer());
    }

    boolean offer(byte[] datagram) {
        return transport.offer(datagram);
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
        return new PeerInfo(peerAddress, state, identity, cipherSuite, datagramsIn.get(), datagramsOut.get(), lastSeen);
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
            server.forget(peerAddress, this);
            if (reason != null && !abandoned) {
                server.emit(new ServerEvent.PeerClosed(server.now(), peerAddress, reason));
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
                plain = transport.receiveApplicationData(t, wait); // holds no buffer while idle
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
                server.emit(new ServerEvent.EmptyDatagram(server.now(), peerAddress));
                continue;
            }
            byte[] raw = lastDatagram;
            server.emit(new ServerEvent.MessageReceived(server.now(), peerAddress, raw == null ? new byte[0] : raw, plain));
            byte[] ack = ("to " + peerInfo + ": ACK").getBytes(StandardCharsets.ISO_8859_1);
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
            return new HandshakeTimeoutException(who, server.config().handshakeTimeout, retransmissions,
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
        server.sendTo(peerAddress, buf, off, len);
        datagramsOut.incrementAndGet();
    }

    private final class Observer implements QueueTransport.Observer {
        @Override
        public void received(byte[] datagram) {
            datagramsIn.incrementAndGet();
            lastSeen = server.now();
            lastSeenNanos = System.nanoTime();
            lastDatagram = datagram;
            if (state == AssociationState.HANDSHAKING) {
                timeoutPending = false;
                server.emit(new ServerEvent.HandshakeProgress(server.now(), peerAddress));
            }
        }

        @Override
        public void timedOut(int waitMillis) {
            if (state == AssociationState.HANDSHAKING) {
                timeoutPending = true; // Bouncy Castle resends its last flight after a receive timeout
            }
        }

        @Override
        public void sent(int bytes) {
            if (state == AssociationState.HANDSHAKING && timeoutPending) {
                timeoutPending = false;
                retransmissions++;
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

        @Override
        public void sideWarning(String text) {
            server.emit(new ServerEvent.Warning(server.now(), null, text)); // server-wide: the key log is shared
        }
    }
}
