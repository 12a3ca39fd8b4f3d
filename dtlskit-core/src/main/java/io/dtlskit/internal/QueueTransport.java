package io.dtlskit.internal;

import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Bouncy Castle side of one association's socket: datagrams arrive from the reactor through a
 * bounded queue and leave through a {@link Sender}. Bouncy Castle's blocking {@code receive} runs on
 * the association's virtual thread and parks on the queue.
 *
 * <p>Contract details that matter (engine notes, pitfall 5): a {@code waitMillis} of 0 means wait
 * forever; a timeout returns -1; after {@link #close()} every call throws, or the record layer
 * busy-spins.
 */
public final class QueueTransport implements DatagramTransport {
    /** Sends one datagram to the peer. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** Sees what passes, to report it; called on the thread that moves the datagram. */
    public interface Observer {
        default void received(byte[] datagram) { }
        default void timedOut(int waitMillis) { }
        default void sent(int bytes) { }
        /** A marker the reactor queued (e.g. ICMP port unreachable), seen on the receiving thread. */
        default void notice(Object marker) { }
    }

    private static final byte[] CLOSED = new byte[0];

    private final ArrayBlockingQueue<Object> inbound;
    /**
     * Until the handshake is done; then only the peer's last flight, sent again, still reaches the
     * engine's reassembly (a few small messages), and the guard's tables are not worth keeping per
     * held association.
     */
    private volatile FragmentGuard fragments = new FragmentGuard();
    private final Sender sender;
    private final Observer observer;
    private final int receiveLimit;
    private final int sendLimit;
    private volatile boolean closed;
    // Receiving thread only: an item taken by awaitItem() and not yet received, and what the last
    // datagram handed to the engine looked like.
    private Object pending;
    private int lastLength;
    private boolean lastHeldMoreRecords;
    // Receiving thread only: records of the peer's next epoch that arrived before its ChangeCipherSpec.
    private boolean handshaking = true;
    private boolean peerChangedCipher;
    private final java.util.ArrayDeque<byte[]> early = new java.util.ArrayDeque<>(4);
    private static final int MAX_EARLY = 8;
    // The flight being written during the handshake, packed into as few datagrams as the MTU allows.
    private final Object flightLock = new Object();
    private byte[] flight;
    private int flightLength;
    private volatile boolean flightPending;
    /** The next flight is a retransmission: its datagrams go out twice (see flushFlightLocked). */
    private volatile boolean retransmitting;
    // Receiving thread only: receiveApplicationData hands the engine exactly one datagram per call.
    private boolean oneDatagramOnly;
    private boolean servedOne;

    /**
     * Ends an engine receive after its one datagram (see {@link #receiveApplicationData}). Bouncy
     * Castle passes an InterruptedIOException from the transport through without failing the
     * connection and before touching any record state.
     */
    private static final class EndOfDatagram extends java.io.InterruptedIOException {
        EndOfDatagram() {
            super("one datagram per engine receive");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow, not an error
        }
    }

    /**
     * @param capacity     datagrams held before new ones are dropped
     * @param receiveLimit largest datagram handed to the engine
     * @param sendLimit    largest datagram the engine may produce (path MTU minus IP/UDP headers)
     */
    public QueueTransport(int capacity, int receiveLimit, int sendLimit, Sender sender, Observer observer) {
        this.inbound = new ArrayBlockingQueue<>(capacity);
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
        this.sender = sender;
        this.observer = observer;
    }

    /**
     * Queues a datagram from the network; false if the queue is full or the transport closed. Handshake
     * records that would make reassembly costly are left out first (see {@link FragmentGuard}).
     */
    public boolean offer(byte[] datagram) {
        if (closed) {
            return false;
        }
        FragmentGuard guard = fragments;
        byte[] d = guard == null ? datagram : guard.filter(datagram); // keeps reassembly linear
        return d == null || inbound.offer(d);
    }

    /** Queues a marker for the receiving thread (see {@link Observer#notice}); dropped if full. */
    public void offerNotice(Object marker) {
        if (!closed) {
            inbound.offer(marker);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** True once a ChangeCipherSpec from the peer was delivered during the handshake. */
    public boolean peerChangedCipher() {
        return peerChangedCipher;
    }

    /** The handshake is over (called on the receiving thread): no more holding of early records. */
    public void handshakeDone() throws IOException {
        flushFlight(); // the server's last flight is written just before accept() returns
        synchronized (flightLock) {
            flight = null; // an MTU-sized buffer per held association otherwise; rare resends reallocate
        }
        handshaking = false;
        fragments = null;
        // From now on a handshake record is only ever our last flight sent again because the peer
        // repeated its own: a retransmission.
        retransmitting = true;
        early.clear();
    }

    /**
     * The full limit, except while a datagram waits in {@link #receiveApplicationData}: then its length.
     * Bouncy Castle allocates a record buffer of this size on every receive call.
     */
    @Override
    public int getReceiveLimit() {
        return pending instanceof byte[] d ? Math.min(receiveLimit, Math.max(Records.RECORD_HEADER + 1, d.length))
                : receiveLimit;
    }

    /**
     * Receives the next application data from {@code engine}, which runs over this transport, and
     * returns it (null if {@code waitMillis} passed first; 0 = wait forever). It waits here, outside
     * the engine, and sizes the buffers by the datagram that arrived: an idle association parked in
     * {@code DTLSTransport.receive} would hold the engine's record buffer and the plaintext buffer
     * (about 34 KiB) for as long as it is idle.
     *
     * @throws IOException as {@link DTLSTransport#receive}
     */
    public byte[] receiveApplicationData(DTLSTransport engine, int waitMillis) throws IOException {
        if (lastHeldMoreRecords) {
            // The last datagram held several records: the engine keeps the rest, deliver those first.
            lastHeldMoreRecords = false;
            byte[] buf = new byte[lastLength];
            int n = engine.receivePending(buf, 0, buf.length);
            if (n >= 0) {
                return n == buf.length ? buf : Arrays.copyOf(buf, n);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (!closed && !(pending instanceof byte[])) {
            if (pending != null) {
                Object marker = pending; // a notice: handled here, so the engine is entered for data only
                pending = null;
                observer.notice(marker);
            }
            try {
                long left = deadline - System.nanoTime();
                pending = waitMillis == 0 ? inbound.take()
                        : left <= 0 ? inbound.poll() : inbound.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a datagram");
            }
            if (pending == null) {
                return null;
            }
        }
        // The output buffer is sized by this datagram. If the engine discards it (bad MAC, replay,
        // a stray record) it would wait for the next one, which may not fit: Bouncy Castle then fails
        // the connection with internal_error. So the engine gets this datagram and no other.
        byte[] buf = new byte[Math.max(1, engine.getReceiveLimit())];
        oneDatagramOnly = true;
        servedOne = false;
        try {
            int n = engine.receive(buf, 0, buf.length, waitMillis);
            return n < 0 ? null : n == buf.length ? buf : Arrays.copyOf(buf, n);
        } catch (EndOfDatagram discarded) {
            return null;
        } finally {
            oneDatagramOnly = false;
        }
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        flushFlight(); // the engine has written its flight and now waits for the answer
        long deadline = waitMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            if (closed) {
                throw new SocketException("transport closed");
            }
            if (oneDatagramOnly && servedOne) {
                throw new EndOfDatagram();
            }
            Object item = pending;
            pending = null;
            if (item == null && peerChangedCipher && !early.isEmpty()) {
                item = early.poll(); // held back until the peer's ChangeCipherSpec was delivered
            }
            try {
                if (item != null) {
                    // taken by receiveApplicationData
                } else if (waitMillis == 0) {
                    item = inbound.take();
                } else {
                    long left = deadline - System.nanoTime();
                    item = left <= 0 ? inbound.poll() : inbound.poll(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a datagram");
            }
            if (item == null) {
                if (handshaking) {
                    retransmitting = true; // Bouncy Castle resends its flight after a receive timeout
                }
                observer.timedOut(waitMillis);
                return -1;
            }
            if (item == CLOSED) {
                throw new SocketException("transport closed");
            }
            if (item instanceof byte[] datagram) {
                if (handshaking && !peerChangedCipher) {
                    if (Records.hasChangeCipherSpec(datagram)) {
                        peerChangedCipher = true;
                    } else if (Records.onlyLaterEpochs(datagram)) {
                        // A Finished (epoch 1) that overtook the peer's ChangeCipherSpec: Bouncy Castle
                        // drops records of an epoch it has not switched to yet, so the handshake would
                        // stall until a full retransmission arrives in order (RFC 6347 §4.1 lets
                        // receivers buffer such records). Hold it, and hand it over after the CCS.
                        if (early.size() < MAX_EARLY) {
                            early.add(datagram);
                        }
                        continue;
                    }
                }
                if (handshaking) {
                    retransmitting = false; // the peer answered: the next flight is a new one
                }
                observer.received(datagram);
                servedOne = true;
                lastLength = datagram.length;
                lastHeldMoreRecords = datagram.length > Records.RECORD_HEADER
                        && Records.RECORD_HEADER + Records.u16(datagram, 11) < datagram.length;
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            }
            observer.notice(item);
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new SocketException("transport closed");
        }
        int type = len > 0 ? buf[off] & 0xff : -1;
        if (type == Records.CONTENT_HANDSHAKE || type == Records.CONTENT_CHANGE_CIPHER_SPEC) {
            // Bouncy Castle writes each record of a flight as its own datagram. RFC 6347 §4.1 lets a
            // datagram carry several records: packed, a flight survives loss far better (the client's
            // last flight is 3 records; at 50 % loss 1 datagram arrives twice as often as 2, 4x as 3).
            synchronized (flightLock) {
                if (flightLength > 0 && flightLength + len > sendLimit) {
                    flushFlightLocked();
                }
                if (flight == null) {
                    flight = new byte[Math.max(sendLimit, len)];
                }
                if (len > flight.length - flightLength) {
                    sendNow(buf, off, len); // larger than a datagram should be: the engine's call
                } else {
                    System.arraycopy(buf, off, flight, flightLength, len);
                    flightLength += len;
                    flightPending = true;
                }
            }
            return;
        }
        flushFlight(); // an alert or data never overtakes the flight before it
        sendNow(buf, off, len);
    }

    private void sendNow(byte[] buf, int off, int len) throws IOException {
        sender.send(buf, off, len);
        observer.sent(len);
    }

    /** Sends the packed flight, if any. */
    public void flushFlight() throws IOException {
        if (flightPending) {
            synchronized (flightLock) {
                flushFlightLocked();
            }
        }
    }

    /**
     * Sends the packed flight. A retransmitted flight goes out twice: the first copy was lost (or its
     * answer was), so this path is lossy, and RFC 6347's doubling timer leaves few rounds. Two copies
     * turn a round's chance at 50 % loss each way from 1 in 4 to about 9 in 16; the peer discards the
     * duplicate (replay window, handshake message sequence).
     */
    private void flushFlightLocked() throws IOException {
        if (flightLength > 0) {
            int n = flightLength;
            flightLength = 0;
            flightPending = false;
            sendNow(flight, 0, n);
            if (retransmitting) {
                sendNow(flight, 0, n);
            }
        }
    }

    /** Closes this side; a thread parked in {@link #receive} wakes and gets an exception. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inbound.clear();
            inbound.offer(CLOSED);
        }
    }
}
