package io.dtlskit.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's index of associations by the Connection ID it gave them (RFC 9146 §3): each CID is
 * random, of one fixed length (so the dispatcher can cut it out of a {@code tls12_cid} record header
 * without any state), and unique among the live associations. A CID only routes a datagram to an
 * association; the association's engine authenticates the record, and nothing else is trusted before.
 *
 * @param <A> the association type
 */
public final class ConnectionIds<A> {
    /** RFC 9146 §3 allows up to 255 bytes; a server needs only enough to be unique and unguessable. */
    public static final int MIN_LENGTH = 1;
    public static final int MAX_LENGTH = 32;
    private static final int MAX_TRIES = 64;

    private final int length;
    private final Random random;
    private final Map<ByteBuffer, A> byId = new ConcurrentHashMap<>();

    public ConnectionIds(int length, Random random) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " bytes, was " + length);
        }
        this.length = length;
        this.random = random;
    }

    public ConnectionIds(int length) {
        this(length, new SecureRandom());
    }

    public int length() {
        return length;
    }

    /**
     * Picks a fresh CID for {@code owner} and indexes it. Random rather than a counter: a CID is sent in
     * the clear, and a guessable one would let an off-path sender aim datagrams at a chosen association.
     *
     * @throws IllegalStateException if no free CID was found (only with a tiny length and a full table)
     */
    public byte[] allocate(A owner) {
        for (int i = 0; i < MAX_TRIES; i++) {
            byte[] cid = new byte[length];
            random.nextBytes(cid);
            if (byId.putIfAbsent(ByteBuffer.wrap(cid), owner) == null) {
                return cid.clone();
            }
        }
        throw new IllegalStateException("no free " + length + "-byte connection ID after " + MAX_TRIES + " tries ("
                + byId.size() + " in use): choose a longer CID");
    }

    /** The association holding the CID at {@code off} in {@code d} ({@link #length()} bytes), or null. */
    public A lookup(byte[] d, int off) {
        if (off < 0 || off + length > d.length) {
            return null;
        }
        return byId.get(ByteBuffer.wrap(d, off, length));
    }

    /** Removes {@code cid} if {@code owner} still holds it. */
    public void release(byte[] cid, A owner) {
        if (cid != null && cid.length == length) {
            byId.remove(ByteBuffer.wrap(cid), owner);
        }
    }

    public int size() {
        return byId.size();
    }
}
