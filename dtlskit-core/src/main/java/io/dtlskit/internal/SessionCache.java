package io.dtlskit.internal;

import org.bouncycastle.tls.TlsSession;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Resumable DTLS sessions (RFC 5246 §7.3, abbreviated handshake), bounded by count and by age: the
 * least recently used goes first when full, and a session older than the lifetime is never returned.
 * An evicted or expired session is invalidated, so Bouncy Castle will not resume it even if a reference
 * survives elsewhere. Its master secret is not destroyed here: a handshake may be resuming it at this
 * moment (Bouncy Castle copies it when the abbreviated handshake starts); it goes with the garbage.
 *
 * <p>The client keys it by server address and PSK identity, the server by session ID. Thread-safe;
 * nothing blocking runs under its lock.
 *
 * @param <K> the key type (with value equality)
 */
public final class SessionCache<K> {
    /** {@code binding}: what the session was made with (e.g. a key's digest), checked before resuming. */
    private record Entry(TlsSession session, long createdNanos, byte[] binding) {
    }

    private final int capacity;
    private final long lifetimeNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<K, Entry> entries;
    private long evicted;
    private long expired;

    public SessionCache(int capacity, Duration lifetime) {
        this(capacity, lifetime, System::nanoTime);
    }

    /** Nanoseconds of {@code clock}: lifetimes follow the configured clock, so tests need not sleep. */
    public static LongSupplier nanos(java.time.Clock clock) {
        return () -> {
            java.time.Instant t = clock.instant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        };
    }

    /** With an injected clock, for tests. */
    public SessionCache(int capacity, Duration lifetime, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("session cache size must be >= 1, was " + capacity);
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive, was " + lifetime);
        }
        this.capacity = capacity;
        this.lifetimeNanos = lifetime.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 4 / 3 + 1, 0.75f, true);
    }

    /** Stores {@code session} under {@code key} (replacing and invalidating an older one), if resumable. */
    public void put(K key, TlsSession session) {
        put(key, session, null);
    }

    /** As {@link #put(Object, TlsSession)}, remembering {@code binding} for {@link #bound}. */
    public void put(K key, TlsSession session, byte[] binding) {
        if (session == null || !session.isResumable()) {
            return;
        }
        TlsSession replaced = null;
        TlsSession dropped = null;
        lock.lock();
        try {
            Entry old = entries.put(key, new Entry(session, nanoTime.getAsLong(), binding == null ? null : binding.clone()));
            if (old != null && old.session() != session) {
                replaced = old.session();
            }
            if (entries.size() > capacity) {
                Iterator<Map.Entry<K, Entry>> eldest = entries.entrySet().iterator();
                dropped = eldest.next().getValue().session();
                eldest.remove();
                evicted++;
            }
        } finally {
            lock.unlock();
        }
        discard(replaced);
        discard(dropped);
    }

    /** The live session under {@code key}, or null (none, expired, or no longer resumable). */
    public TlsSession get(K key) {
        TlsSession stale = null;
        lock.lock();
        try {
            Entry e = entries.get(key);
            if (e == null) {
                return null;
            }
            if (nanoTime.getAsLong() - e.createdNanos() < lifetimeNanos && e.session().isResumable()) {
                return e.session();
            }
            entries.remove(key);
            expired++;
            stale = e.session();
        } finally {
            lock.unlock();
        }
        discard(stale);
        return null;
    }

    /** True if {@code key}'s session was stored with this {@code binding} (compared in constant time). */
    public boolean bound(K key, byte[] binding) {
        lock.lock();
        try {
            Entry e = entries.get(key);
            return e != null && e.binding() != null && binding != null
                    && java.security.MessageDigest.isEqual(e.binding(), binding);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code key}'s session (e.g. the server refused to resume it). */
    public void remove(K key) {
        Entry e;
        lock.lock();
        try {
            e = entries.remove(key);
        } finally {
            lock.unlock();
        }
        if (e != null) {
            discard(e.session());
        }
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Sessions dropped to stay within the size bound. */
    public long evicted() {
        lock.lock();
        try {
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** Sessions found past their lifetime (dropped when looked up). */
    public long expired() {
        lock.lock();
        try {
            return expired;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A copy of {@code session} whose master secret belongs to {@code crypto}, for keeping. Each
     * association's engine has its own crypto provider (see Renegotiation), and a secret refers to the
     * provider that made it: cached as made, every session kept its association's provider alive
     * (measured: about 6.6 KiB per cached session in SoakTest, instead of a few hundred bytes).
     */
    public static TlsSession adoptedBy(TlsSession session, org.bouncycastle.tls.crypto.TlsCrypto crypto) {
        org.bouncycastle.tls.SessionParameters p = session == null ? null : session.exportSessionParameters();
        if (p == null || p.getMasterSecret() == null) {
            return session;
        }
        try {
            org.bouncycastle.tls.SessionParameters kept = new org.bouncycastle.tls.SessionParameters.Builder()
                    .setCipherSuite(p.getCipherSuite())
                    .setExtendedMasterSecret(p.isExtendedMasterSecret())
                    .setLocalCertificate(p.getLocalCertificate())
                    .setMasterSecret(crypto.adoptSecret(p.getMasterSecret()))
                    .setNegotiatedVersion(p.getNegotiatedVersion())
                    .setPeerCertificate(p.getPeerCertificate())
                    .setPSKIdentity(p.getPSKIdentity())
                    .setSRPIdentity(p.getSRPIdentity())
                    .setServerExtensions(p.readServerExtensions())
                    .build();
            return org.bouncycastle.tls.TlsUtils.importSession(session.getSessionID(), kept);
        } catch (java.io.IOException e) {
            return session; // unreadable extensions: keep it as made
        }
    }

    public int capacity() {
        return capacity;
    }

    public Duration lifetime() {
        return Duration.ofNanos(lifetimeNanos);
    }

    private static void discard(TlsSession session) {
        if (session != null) {
            session.invalidate();
        }
    }
}
