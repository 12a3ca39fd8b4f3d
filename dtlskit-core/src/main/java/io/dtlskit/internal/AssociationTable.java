package io.dtlskit.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's associations, indexed by the peer's address and port: the established ones, and the
 * handshakes under way that will replace one of them when they complete (RFC 6347 §4.2.8). Every
 * change goes through this class, so a second index (a Connection ID, RFC 9146) is added here, beside
 * {@code byAddress}, without touching the dispatcher's routing.
 */
public final class AssociationTable {
    private final Map<InetSocketAddress, ServerSession> byAddress = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, ServerSession> successors = new ConcurrentHashMap<>();
    /** RFC 9146: sessions by the Connection ID we gave them; null when CIDs are off. */
    private final ConnectionIds<ServerSession> byConnectionId;

    /** @param cidLength the length of the CIDs this server gives (RFC 9146), 0 for none */
    public AssociationTable(int cidLength) {
        this.byConnectionId = cidLength > 0 ? new ConnectionIds<>(cidLength) : null;
    }

    /** The length of our CIDs, 0 if none: how the dispatcher frames {@code tls12_cid} records. */
    public int connectionIdLength() {
        return byConnectionId == null ? 0 : byConnectionId.length();
    }

    /** The session holding the CID in the {@code tls12_cid} record that starts {@code d}, or null. */
    public ServerSession byConnectionId(byte[] d) {
        return byConnectionId == null ? null : byConnectionId.lookup(d, Records.CID_OFFSET);
    }

    /** A fresh, unique CID for {@code session} (called by its engine when it agrees to RFC 9146). */
    public byte[] allocateConnectionId(ServerSession session) {
        return byConnectionId.allocate(session);
    }

    public void releaseConnectionId(byte[] cid, ServerSession session) {
        if (byConnectionId != null) {
            byConnectionId.release(cid, session);
        }
    }

    /** The session followed its peer to a new address (RFC 9146 §6): index it there. */
    public void move(InetSocketAddress from, InetSocketAddress to, ServerSession session) {
        byAddress.remove(from, session);
        byAddress.put(to, session);
    }

    public ServerSession get(InetSocketAddress peer) {
        return byAddress.get(peer);
    }

    public ServerSession successor(InetSocketAddress peer) {
        return successors.get(peer);
    }

    public int size() {
        return byAddress.size();
    }

    /** A new peer's first association. */
    public void add(InetSocketAddress peer, ServerSession session) {
        byAddress.put(peer, session);
    }

    /** A handshake from a known address that replaces its association only once it completes. */
    public void addSuccessor(InetSocketAddress peer, ServerSession session) {
        ServerSession old = successors.put(peer, session);
        if (old != null) {
            old.abandon(); // a newer handshake from the same address supersedes it
        }
    }

    /**
     * The session's handshake completed. If it was a successor it replaces the address's association,
     * which is returned (to be abandoned); else null.
     */
    public ServerSession promote(InetSocketAddress peer, ServerSession session) {
        if (successors.remove(peer, session)) {
            ServerSession old = byAddress.put(peer, session);
            return old == session ? null : old;
        }
        return null;
    }

    public void remove(InetSocketAddress peer, ServerSession session) {
        byAddress.remove(peer, session);
        successors.remove(peer, session);
    }

    /** Every session, established ones and successors. */
    public List<ServerSession> all() {
        List<ServerSession> out = new ArrayList<>(successors.values());
        out.addAll(byAddress.values());
        return out;
    }

    public List<ServerSession> established() {
        return new ArrayList<>(byAddress.values());
    }
}
