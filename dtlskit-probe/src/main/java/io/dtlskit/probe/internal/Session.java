package io.dtlskit.probe.internal;

import org.bouncycastle.tls.AlertDescription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * One source port talking to the server: the probe's unit of conversation. Each attempt uses a new
 * session so that nothing the server still sends for an earlier attempt is taken for an answer.
 */
final class Session implements AutoCloseable {
    private final DatagramSocket socket;
    private long recordSeq;
    private int messageSeq;
    /** The last ClientHello sent, and the cookie of a HelloVerifyRequest it got and we have not answered. */
    private Hello lastHello;
    private byte[] pendingCookie;
    /** The server's last flight held a ServerHello: it waits for our next flight, and close() aborts. */
    private boolean midHandshake;

    Session(InetSocketAddress target) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(target.getAddress().isLoopbackAddress()
                    ? target.getAddress() : null, 0));
            socket.connect(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP socket towards " + target, e);
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** Sends {@code hello} as the next ClientHello (RFC 6347 §4.2.2: message_seq counts up); returns its size. */
    int send(Hello hello) {
        lastHello = hello;
        byte[] d = hello.datagram(messageSeq++, recordSeq++);
        sendRaw(d);
        return d.length;
    }

    /** Sends {@code hello} as the ClientHello with a cookie (message_seq 1, RFC 6347 §4.2.2), whatever came before. */
    int sendWithCookie(Hello hello) {
        lastHello = hello;
        messageSeq = 2;
        byte[] d = hello.datagram(1, recordSeq++);
        sendRaw(d);
        return d.length;
    }

    /** Sends {@code hello} again with the same message_seq (a retransmission, RFC 6347 §4.2.4). */
    int resend(Hello hello) {
        byte[] d = hello.datagram(messageSeq - 1, recordSeq++);
        sendRaw(d);
        return d.length;
    }

    /** Sends {@code hello} cut into {@code pieces} fragments, one datagram each. */
    int sendFragmented(Hello hello, int pieces) {
        lastHello = hello;
        return fragments(hello, messageSeq++, pieces);
    }

    /** Sends {@code hello} in fragments again with the same message_seq (a retransmission, RFC 6347 §4.2.4). */
    int resendFragmented(Hello hello, int pieces) {
        return fragments(hello, messageSeq - 1, pieces);
    }

    private int fragments(Hello hello, int seq, int pieces) {
        List<byte[]> datagrams = hello.fragmentedDatagrams(seq, recordSeq, pieces);
        recordSeq += datagrams.size();
        int n = 0;
        for (byte[] d : datagrams) {
            sendRaw(d);
            n += d.length;
        }
        return n;
    }

    /** Ends an attempt the probe will not finish, so the server frees its state at once. */
    void abort() {
        sendRaw(Hello.alert(AlertDescription.user_canceled, recordSeq++));
        midHandshake = false;
    }

    /**
     * Sends {@code hello} (with a cookie kept from an earlier attempt) as a new connection's first
     * ClientHello, message_seq 0: RFC 6347 §4.2.1 lets a client reuse a cookie it was given.
     */
    int sendAsFirst(Hello hello) {
        lastHello = hello;
        messageSeq = 1;
        byte[] d = hello.datagram(0, recordSeq++);
        sendRaw(d);
        return d.length;
    }

    void sendRaw(byte[] datagram) {
        // Whatever the server was waiting for, it now has our answer.
        pendingCookie = null;
        midHandshake = false;
        try {
            socket.send(new DatagramPacket(datagram, datagram.length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to " + socket.getRemoteSocketAddress(), e);
        }
    }

    /**
     * Receives into {@code flight} until it is complete or {@code quietMillis} pass without a datagram
     * (bounded overall by {@code maxMillis}). Returns the flight.
     */
    Flight receive(Flight flight, long quietMillis, long maxMillis) {
        long end = System.nanoTime() + maxMillis * 1_000_000L;
        byte[] buf = new byte[65_535];
        while (!flight.isComplete()) {
            long left = Math.min(quietMillis, (end - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                break;
            }
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                flight.add(java.util.Arrays.copyOf(p.getData(), p.getLength()), System.nanoTime());
                pendingCookie = flight.alerts().isEmpty() ? flight.cookie() : null;
                midHandshake = flight.alerts().isEmpty() && flight.serverHello() != null;
            } catch (SocketTimeoutException e) {
                break;
            } catch (java.net.PortUnreachableException e) {
                flight.unreachable();
                break;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot receive from " + socket.getRemoteSocketAddress(), e);
            }
        }
        return flight;
    }

    /** Collects every datagram arriving within {@code millis} (for the retransmission timer). */
    Flight listen(Flight flight, long millis, long quietMillis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        byte[] buf = new byte[65_535];
        while (true) {
            long left = Math.min(quietMillis, (end - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                return flight;
            }
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                flight.add(java.util.Arrays.copyOf(p.getData(), p.getLength()), System.nanoTime());
            } catch (SocketTimeoutException e) {
                return flight;
            } catch (IOException e) {
                return flight;
            }
        }
    }

    /**
     * Closes the port, first leaving the server as it found it. A stateful server that sent a
     * HelloVerifyRequest (OpenSSL's s_server) waits for the cookie and ignores other clients'
     * first ClientHellos meanwhile: it gets its cookie back, then the attempt is aborted. A server
     * that sent its ServerHello gets a fatal alert. Nothing is sent otherwise: gnutls-serv stalls on
     * any stray datagram that is not a ClientHello.
     */
    @Override
    public void close() {
        try {
            if (pendingCookie != null && lastHello != null) {
                send(lastHello.withCookie(pendingCookie));
                receive(new Flight(), 300, 1000);
            }
            if (midHandshake) {
                abort();
            }
        } catch (UncheckedIOException e) {
            // closing anyway
        }
        socket.close();
    }
}
