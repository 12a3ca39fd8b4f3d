package io.dtlskit.internal;

import org.bouncycastle.tls.DTLSRecordCallback;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The Bouncy Castle side of one association's socket: datagrams arrive from the reactor through an
 * {@link InboundQueue} and leave through a {@link Sender}; handshake flights are packed by a
 * {@link FlightPacker}, records that overtake the peer's ChangeCipherSpec wait in an
 * {@link EarlyEpochBuffer}. Bouncy Castle's blocking {@code receive} runs on the association's thread.
 *
 * <p>Contract details that matter (docs/bouncy-castle.md #5): a {@code waitMillis} of 0 means wait
 * forever; a timeout returns -1; after {@link #close()} every call throws, or the record layer
 * busy-spins.
 */
public final class QueueTransport implements DatagramTransport {
    /** Sends one datagram to the peer; false if the socket refused it (no buffer space). */
    @FunctionalInterface
    public interface Sender {
        boolean send(byte[] buf, int off, int len) throws IOException;
    }

    /**
     * Sees what passes, to report it. {@link #sent} may run on any sending thread and inside Bouncy
     * Castle's record-layer lock: it must only count and queue, never call a listener.
     */
    public interface Observer {
        default void received(byte[] datagram) { }
        default void timedOut(int waitMillis) { }
        default void sent(int bytes) { }
        default void refused(int bytes) { }
        /** A control marker (a wake-up, an ICMP notice), seen on the receiving thread. */
        default void notice(Object marker) { }
        /** The receiving thread is about to wait and holds no lock: a place to deliver queued events. */
        default void safePoint() { }
    }

    private final InboundQueue inbound;
    private final FlightPacker flights;
    private final EarlyEpochBuffer early = new EarlyEpochBuffer();
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
    // Receiving thread only: a datagram taken by receiveApplicationData and not yet received, and what
    // the last datagram handed to the engine looked like.
    private byte[] pending;
    private int lastLength;
    private boolean lastHeldMoreRecords;
    private boolean handshaking = true;
    // Receiving thread only: receiveApplicationData hands the engine exactly one datagram per call.
    private boolean oneDatagramOnly;
    private boolean servedOne;
    /** The length of the Connection ID in records sent to us (RFC 9146), 0 if none. */
    private volatile int readCidLength;
    /** Receiving thread only: told of each record the engine authenticates (see the overload below). */
    private DTLSRecordCallback callback;

    /**
     * Ends an engine receive after its one datagram (see {@link #receiveApplicationData}). Bouncy
     * Castle passes an InterruptedIOException from the transport through without failing the
     * connection and before touching any record state.
     */
    private static final class EndOfDatagram extends InterruptedIOException {
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
        this.inbound = new InboundQueue(capacity);
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
        this.sender = sender;
        this.observer = observer;
        this.flights = new FlightPacker(sendLimit, this::sendNow);
    }

    /**
     * Queues a datagram from the network; false if the queue is full or the transport closed. Handshake
     * records that would make reassembly costly are left out first (see {@link FragmentGuard}).
     */
    public boolean offer(byte[] datagram) {
        FragmentGuard guard = fragments;
        byte[] d = guard == null ? datagram : guard.filter(datagram); // keeps reassembly linear
        return d == null || inbound.offerData(d);
    }

    /** Queues a marker for the receiving thread (see {@link Observer#notice}); it takes no datagram slot. */
    public void offerNotice(Object marker) {
        inbound.offerControl(marker);
    }

    /** Records of type {@code tls12_cid} sent to us carry a CID of this length (RFC 9146 §4). */
    public void readConnectionIdLength(int length) {
        this.readCidLength = length;
        early.connectionIdLength(length);
    }

    /**
     * As {@link #receiveApplicationData(DTLSTransport, int, boolean)}, telling {@code callback} of each
     * record the engine authenticates (its {@code DTLSRecordFlags}: the hook for RFC 9146 §6).
     */
    public byte[] receiveApplicationData(DTLSTransport engine, int waitMillis, boolean wantData,
                                         DTLSRecordCallback callback) throws IOException {
        this.callback = callback;
        try {
            return receiveApplicationData(engine, waitMillis, wantData);
        } finally {
            this.callback = null;
        }
    }

    public boolean isClosed() {
        return inbound.isClosed();
    }

    /** True once a ChangeCipherSpec from the peer was delivered during the handshake. */
    public boolean peerChangedCipher() {
        return early.peerChangedCipher();
    }

    /** The handshake is over (called on the receiving thread): no more holding of early records. */
    public void handshakeDone() throws IOException {
        flights.flush(); // the server's last flight is written just before accept() returns
        flights.release();
        handshaking = false;
        fragments = null;
        // From now on a handshake record is only ever our last flight sent again because the peer
        // repeated its own: a retransmission.
        flights.retransmitting(true);
        early.clear();
    }

    /**
     * The full limit, except while a datagram waits in {@link #receiveApplicationData}: then its length.
     * Bouncy Castle allocates a record buffer of this size on every receive call.
     */
    @Override
    public int getReceiveLimit() {
        byte[] d = pending;
        return d != null ? Math.min(receiveLimit, Math.max(Records.RECORD_HEADER + 1, d.length)) : receiveLimit;
    }

    /**
     * Receives the next application data from {@code engine}, which runs over this transport, and
     * returns it; null if {@code waitMillis} passed first (0 = wait forever) or a control marker was
     * handled, so the caller can look at its state again. With {@code wantData} false only markers are
     * taken (reading is paused: datagrams stay queued, and beyond the queue's capacity are dropped).
     *
     * <p>It waits here, outside the engine, and sizes the buffers by the datagram that arrived: an idle
     * association parked in {@code DTLSTransport.receive} would hold the engine's record buffer and the
     * plaintext buffer (about 34 KiB) for as long as it is idle.
     *
     * @throws IOException as {@link DTLSTransport#receive}
     */
    public byte[] receiveApplicationData(DTLSTransport engine, int waitMillis, boolean wantData) throws IOException {
        if (wantData && lastHeldMoreRecords) {
            // The last datagram held several records: the engine keeps the rest, deliver those first.
            lastHeldMoreRecords = false;
            byte[] buf = new byte[lastLength];
            int n = callback == null ? engine.receivePending(buf, 0, buf.length)
                    : engine.receivePending(buf, 0, buf.length, callback);
            if (n >= 0) {
                return n == buf.length ? buf : Arrays.copyOf(buf, n);
            }
        }
        observer.safePoint();
        Object item;
        try {
            item = inbound.pollMillis(waitMillis, wantData);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a datagram");
        }
        if (item == null) {
            return null;
        }
        if (item == InboundQueue.CLOSED) {
            throw new SocketException("transport closed");
        }
        if (!(item instanceof byte[] datagram)) {
            observer.notice(item);
            return null;
        }
        // The output buffer is sized by this datagram. If the engine discards it (bad MAC, replay,
        // a stray record) it would wait for the next one, which may not fit: Bouncy Castle then fails
        // the connection with internal_error. So the engine gets this datagram and no other.
        pending = datagram;
        byte[] buf = new byte[Math.max(1, engine.getReceiveLimit())];
        oneDatagramOnly = true;
        servedOne = false;
        try {
            int n = callback == null ? engine.receive(buf, 0, buf.length, Math.max(1, waitMillis))
                    : engine.receive(buf, 0, buf.length, Math.max(1, waitMillis), callback);
            return n < 0 ? null : n == buf.length ? buf : Arrays.copyOf(buf, n);
        } catch (EndOfDatagram discarded) {
            return null;
        } finally {
            oneDatagramOnly = false;
            pending = null;
        }
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        flights.flush(); // the engine has written its flight and now waits for the answer
        long deadline = waitMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            if (inbound.isClosed()) {
                throw new SocketException("transport closed");
            }
            if (oneDatagramOnly && servedOne) {
                throw new EndOfDatagram();
            }
            Object item = pending;
            pending = null;
            if (item == null) {
                item = early.release(); // held back until the peer's ChangeCipherSpec was delivered
            }
            if (item == null) {
                observer.safePoint();
                try {
                    long left = deadline - System.nanoTime();
                    item = waitMillis == 0 ? inbound.poll(-1, true) : inbound.poll(Math.max(0, left), true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a datagram");
                }
            }
            if (item == null) {
                if (handshaking) {
                    flights.retransmitting(true); // Bouncy Castle resends its flight after a receive timeout
                }
                observer.timedOut(waitMillis);
                return -1;
            }
            if (item == InboundQueue.CLOSED) {
                throw new SocketException("transport closed");
            }
            if (!(item instanceof byte[] datagram)) {
                observer.notice(item);
                continue;
            }
            if (handshaking) {
                if (early.hold(datagram)) {
                    continue;
                }
                flights.retransmitting(false); // the peer answered: the next flight is a new one
            }
            observer.received(datagram);
            servedOne = true;
            lastLength = datagram.length;
            lastHeldMoreRecords = datagram.length > Records.RECORD_HEADER
                    && Records.recordLength(datagram, 0, readCidLength) < datagram.length;
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (inbound.isClosed()) {
            throw new SocketException("transport closed");
        }
        int type = len > 0 ? buf[off] & 0xff : -1;
        if (type == Records.CONTENT_HANDSHAKE || type == Records.CONTENT_CHANGE_CIPHER_SPEC) {
            flights.add(buf, off, len);
            return;
        }
        flights.flush(); // an alert or data never overtakes the flight before it
        sendNow(buf, off, len);
    }

    private void sendNow(byte[] buf, int off, int len) throws IOException {
        // A refused datagram is lost like any other (retransmission covers the handshake); it is
        // counted as refused, never as sent, and a caller's send reports it (see SendResult).
        if (sender.send(buf, off, len)) {
            observer.sent(len);
        } else {
            observer.refused(len);
        }
    }

    /** Sends the packed flight, if any. */
    public void flushFlight() throws IOException {
        flights.flush();
    }

    /** Closes this side; a thread waiting in {@link #receive} wakes and gets an exception. */
    @Override
    public void close() {
        inbound.close();
    }
}
