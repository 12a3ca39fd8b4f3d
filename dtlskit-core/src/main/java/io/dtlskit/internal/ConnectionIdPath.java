package io.dtlskit.internal;

import org.bouncycastle.tls.DTLSRecordCallback;
import org.bouncycastle.tls.DTLSRecordFlags;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server association's RFC 9146 state: the CID we gave it (indexed in the {@link AssociationTable}),
 * where each datagram routed by that CID came from, and the {@link PeerPath} that decides when the
 * association follows its peer to a new address. The association calls it from its own thread, except
 * {@link #offerFrom} (the dispatcher) and {@link #reserve} (any sending thread).
 */
final class ConnectionIdPath implements DTLSRecordCallback {
    private final AssociationTable table;
    private final ServerSession owner;
    private final PeerPath path;
    /** Source of each queued datagram routed by CID; arrays hash by identity, so this is per datagram. */
    private final Map<byte[], InetSocketAddress> sources = new ConcurrentHashMap<>();
    private volatile byte[] cid;
    // Association thread only: the datagram the engine has, and what its records showed.
    private InetSocketAddress datagramFrom;
    private int datagramLength;
    private boolean accepted;
    private boolean newest;

    ConnectionIdPath(AssociationTable table, ServerSession owner, InetSocketAddress cookieCheckedAddress) {
        this.table = table;
        this.owner = owner;
        this.path = new PeerPath(cookieCheckedAddress);
    }

    /** The engine agrees to RFC 9146 (ServerPeer's getNewConnectionID): a fresh CID, indexed. */
    byte[] allocate(QueueTransport transport) {
        byte[] fresh = table.allocateConnectionId(owner);
        transport.readConnectionIdLength(fresh.length);
        release(); // a second call in one handshake: keep only the last
        cid = fresh;
        return fresh;
    }

    void release() {
        byte[] old = cid;
        if (old != null) {
            cid = null;
            table.releaseConnectionId(old, owner);
        }
    }

    String hex() {
        byte[] c = cid;
        return c == null ? "?" : HexFormat.of().formatHex(c);
    }

    /** Dispatcher: queues a datagram found by its CID, remembering where it came from. */
    boolean offerFrom(InetSocketAddress from, byte[] datagram, QueueTransport transport) {
        sources.put(datagram, from);
        if (transport.offer(datagram)) {
            return true;
        }
        sources.remove(datagram);
        return false;
    }

    /** The transport hands {@code datagram} to the engine. */
    void received(byte[] datagram) {
        InetSocketAddress from = sources.remove(datagram);
        datagramFrom = from != null ? from : path.current();
        datagramLength = datagram.length;
    }

    /** Engine callback, once per authenticated record of the datagram being received. */
    @Override
    public void recordAccepted(int flags) {
        accepted = true;
        newest |= (flags & DTLSRecordFlags.IS_NEWEST) != 0;
    }

    /** After each receive: the move an authenticated record made (RFC 9146 §6), or null. */
    PeerPath.Move afterReceive() {
        if (!accepted) {
            return null;
        }
        accepted = false;
        boolean wasNewest = newest;
        newest = false;
        return datagramFrom == null ? null : path.authenticated(datagramFrom, datagramLength, wasNewest);
    }

    InetSocketAddress current() {
        return path.current();
    }

    /** Where to send {@code bytes} now, or null to withhold them (see {@link PeerPath#reserve}). */
    InetSocketAddress reserve(int bytes) {
        return path.reserve(bytes);
    }
}
