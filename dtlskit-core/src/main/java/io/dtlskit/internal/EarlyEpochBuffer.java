package io.dtlskit.internal;

import java.util.ArrayDeque;

/**
 * Holds records of the peer's next epoch that overtake its ChangeCipherSpec during a handshake. Bouncy
 * Castle drops records of an epoch it has not switched to yet, so a Finished (epoch 1) arriving before
 * the CCS would stall the handshake until a full retransmission arrives in order; RFC 6347 §4.1 lets a
 * receiver buffer such records. Receiving thread only.
 */
final class EarlyEpochBuffer {
    private static final int MAX_HELD = 8;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>(4);
    private boolean peerChangedCipher;
    /** The CID length in {@code tls12_cid} records sent to us (RFC 9146 §4): their header is longer. */
    private volatile int cidLength;

    void connectionIdLength(int length) {
        this.cidLength = length;
    }

    /**
     * Looks at a datagram arriving during the handshake: true if it is held back here (the caller then
     * waits for the next one), false if it goes to the engine now.
     */
    boolean hold(byte[] datagram) {
        if (peerChangedCipher) {
            return false;
        }
        if (Records.hasChangeCipherSpec(datagram, cidLength)) {
            peerChangedCipher = true;
            return false;
        }
        if (Records.onlyLaterEpochs(datagram, cidLength)) {
            if (held.size() < MAX_HELD) {
                held.add(datagram);
            }
            return true;
        }
        return false;
    }

    /** A held datagram that may go to the engine now that the CCS was delivered, or null. */
    byte[] release() {
        return peerChangedCipher ? held.poll() : null;
    }

    boolean peerChangedCipher() {
        return peerChangedCipher;
    }

    void clear() {
        held.clear();
    }
}
