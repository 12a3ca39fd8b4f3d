package io.dtlskit.internal;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Packs the records of a handshake flight into as few datagrams as the MTU allows (RFC 6347 §4.1.1:
 * a datagram may carry several records). Bouncy Castle writes each record of a flight as its own
 * datagram; packed, a flight survives loss far better (the client's last flight is 3 records: at 50 %
 * loss one datagram arrives twice as often as two, four times as often as three).
 *
 * <p>A retransmitted flight goes out twice: the first copy was lost (or its answer was), so this path is
 * lossy, and the doubling timer of RFC 6347 §4.2.4.1 leaves few rounds. Two copies turn a round's chance
 * at 50 % loss each way from 1 in 4 to about 9 in 16; the peer discards the duplicate (replay window,
 * handshake message sequence).
 */
final class FlightPacker {
    interface Out {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final int limit;
    private final Out out;
    private byte[] flight;
    private int length;
    private volatile boolean pending;
    private volatile boolean retransmitting;

    FlightPacker(int limit, Out out) {
        this.limit = limit;
        this.out = out;
    }

    /** The next flight written is a retransmission (or not). */
    void retransmitting(boolean value) {
        retransmitting = value;
    }

    /** Adds one record of the flight being written, sending what is packed first if it would not fit. */
    void add(byte[] buf, int off, int len) throws IOException {
        lock.lock();
        try {
            if (length > 0 && length + len > limit) {
                flushLocked();
            }
            if (flight == null) {
                flight = new byte[Math.max(limit, len)];
            }
            if (len > flight.length - length) {
                out.send(buf, off, len); // larger than a datagram should be: the engine's call
            } else {
                System.arraycopy(buf, off, flight, length, len);
                length += len;
                pending = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends the packed flight, if any. */
    void flush() throws IOException {
        if (pending) {
            lock.lock();
            try {
                flushLocked();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Frees the buffer (an MTU per held association otherwise); a rare resend reallocates. */
    void release() {
        lock.lock();
        try {
            flight = null;
            length = 0;
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() throws IOException {
        if (length > 0) {
            int n = length;
            length = 0;
            pending = false;
            out.send(flight, 0, n);
            if (retransmitting) {
                out.send(flight, 0, n);
            }
        }
    }
}
