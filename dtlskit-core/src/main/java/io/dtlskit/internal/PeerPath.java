package io.dtlskit.internal;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a server-side association sends, and when that may change (RFC 9146 §6). With a Connection
 * ID the peer may write from a new address (a NAT rebinding, a roaming device); the datagram still
 * reaches its association by CID. The address changes only when the engine has authenticated a record
 * from the new address and that record is the newest it has seen (Bouncy Castle's {@code IS_NEWEST}):
 * a replayed or delayed record from an old path must not pull the association back.
 *
 * <p>Without RFC 9853's return routability check (not in Bouncy Castle 1.84), an authenticated record
 * does not prove the peer is reachable at its source address: an on-path attacker can copy a genuine
 * record and rewrite its source. So until the new address has answered (sent a further authenticated
 * record after we sent to it), we send it no more bytes than it sent us since the move: no
 * amplification towards a third party. Everything past that budget is dropped and counted.
 *
 * <p>Thread-safe: updates come from the association's thread, sends from any thread.
 */
public final class PeerPath {
    /** An address change, for the event. */
    public record Move(InetSocketAddress from, InetSocketAddress to) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private InetSocketAddress current;
    /** True while the current address has not answered since it became current. */
    private boolean unconfirmed;
    /** Bytes we may still send to an unconfirmed address. */
    private long budget;
    private boolean sentSinceMove;
    private long withheld;

    /** {@code address} is the one that passed the cookie exchange (RFC 6347 §4.2.1): reachable. */
    public PeerPath(InetSocketAddress address) {
        this.current = Objects.requireNonNull(address, "address");
    }

    public InetSocketAddress current() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** True while a new address has not answered yet. */
    public boolean unconfirmed() {
        lock.lock();
        try {
            return unconfirmed;
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams not sent to an unconfirmed address because they would have exceeded what it sent. */
    public long withheld() {
        lock.lock();
        try {
            return withheld;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The engine authenticated a record of a datagram of {@code bytes} bytes from {@code from}.
     *
     * @param newest the record is the newest the engine has seen in the current epoch ({@code IS_NEWEST})
     * @return the move if the address changed, else null
     */
    public Move authenticated(InetSocketAddress from, int bytes, boolean newest) {
        lock.lock();
        try {
            if (from.equals(current)) {
                if (unconfirmed) {
                    if (sentSinceMove) {
                        unconfirmed = false; // it answered at this address
                        budget = 0;
                    } else {
                        budget += bytes;
                    }
                }
                return null;
            }
            if (!newest) {
                return null; // RFC 9146 §6: only the newest record may move the peer
            }
            Move move = new Move(current, from);
            current = from;
            unconfirmed = true;
            budget = bytes;
            sentSinceMove = false;
            return move;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where to send {@code bytes} bytes now, or null to withhold them (an unconfirmed address that has
     * not sent us as much). Reserves the bytes from the budget.
     */
    public InetSocketAddress reserve(int bytes) {
        lock.lock();
        try {
            if (!unconfirmed) {
                return current;
            }
            if (budget >= bytes) {
                budget -= bytes;
                sentSinceMove = true;
                return current;
            }
            withheld++;
            return null;
        } finally {
            lock.unlock();
        }
    }
}
