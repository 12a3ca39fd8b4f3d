package io.dtlskit.probe.internal;

import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server sent in answer to one ClientHello, parsed: handshake messages reassembled from
 * fragments (RFC 6347 §4.2.3), alerts, and the datagrams' sizes and arrival times. Every field comes
 * from the network and is bounded before use.
 */
public final class Flight {
    /** Largest handshake message reassembled; larger declared lengths are ignored (docs/bouncy-castle.md #7). */
    private static final int MAX_MESSAGE = 64 * 1024;

    public record Alert(short level, short description) {
    }

    public record Message(short type, byte[] body) {
    }

    private static final class Partial {
        final short type;
        final byte[] body;
        final boolean[] have;
        int missing;

        Partial(short type, int length) {
            this.type = type;
            this.body = new byte[length];
            this.have = new boolean[length];
            this.missing = length;
        }
    }

    private final List<byte[]> datagrams = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final Map<Integer, Partial> partial = new TreeMap<>();
    private final Map<Integer, Message> messages = new TreeMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private int otherRecords;
    private boolean unreachable;

    /** The host answered with ICMP port unreachable: nothing listens there. */
    void unreachable() {
        unreachable = true;
    }

    public boolean portUnreachable() {
        return unreachable;
    }

    /** Adds one datagram received at {@code nanos}. */
    void add(byte[] datagram, long nanos) {
        datagrams.add(datagram);
        arrivals.add(nanos);
        for (Records.Record r : Records.parse(datagram)) {
            if (r.type() == ContentType.alert && r.epoch() == 0 && r.fragment().length == 2) {
                alerts.add(new Alert(TlsUtils.readUint8(r.fragment(), 0), TlsUtils.readUint8(r.fragment(), 1)));
            } else if (r.isHandshake()) {
                addHandshake(r.fragment());
            } else {
                otherRecords++;
            }
        }
    }

    private void addHandshake(byte[] f) {
        int off = 0;
        while (f.length - off >= Records.HANDSHAKE_HEADER) {
            short type = TlsUtils.readUint8(f, off);
            int length = TlsUtils.readUint24(f, off + 1);
            int seq = TlsUtils.readUint16(f, off + 4);
            int fragOff = TlsUtils.readUint24(f, off + 6);
            int fragLen = TlsUtils.readUint24(f, off + 9);
            off += Records.HANDSHAKE_HEADER;
            if (fragLen > f.length - off || length > MAX_MESSAGE || fragOff + fragLen > length) {
                return;
            }
            if (!messages.containsKey(seq)) {
                Partial p = partial.computeIfAbsent(seq, s -> new Partial(type, length));
                if (p.type == type && p.body.length == length) {
                    for (int i = 0; i < fragLen; i++) {
                        if (!p.have[fragOff + i]) {
                            p.have[fragOff + i] = true;
                            p.body[fragOff + i] = f[off + i];
                            p.missing--;
                        }
                    }
                    if (p.missing == 0) {
                        partial.remove(seq);
                        messages.put(seq, new Message(type, p.body));
                    }
                }
            }
            off += fragLen;
        }
    }

    public boolean isEmpty() {
        return datagrams.isEmpty();
    }

    /** True when nothing more is expected: an alert, a HelloVerifyRequest, ServerHelloDone, or a DTLS 1.3 ServerHello. */
    boolean isComplete() {
        if (!alerts.isEmpty() || message(HandshakeType.hello_verify_request) != null
                || message(HandshakeType.server_hello_done) != null) {
            return true;
        }
        // A DTLS 1.3 server encrypts everything after its ServerHello (RFC 9147 §5): the rest cannot be read.
        ServerHello sh = serverHello();
        return sh != null && (sh.isHelloRetryRequest() || Versions.selected13(sh));
    }

    public Message message(short type) {
        for (Message m : messages.values()) {
            if (m.type() == type) {
                return m;
            }
        }
        return null;
    }

    public List<Message> messages() {
        return List.copyOf(messages.values());
    }

    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    public int otherRecords() {
        return otherRecords;
    }

    /** The HelloVerifyRequest's cookie (RFC 6347 §4.2.1), or null. */
    public byte[] cookie() {
        Message m = message(HandshakeType.hello_verify_request);
        if (m == null) {
            return null;
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(m.body());
            TlsUtils.readVersion(in);
            return TlsUtils.readOpaque8(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** The ServerHello parsed by Bouncy Castle, or null if none or malformed. */
    public ServerHello serverHello() {
        Message m = message(HandshakeType.server_hello);
        if (m == null) {
            return null;
        }
        try {
            return ServerHello.parse(new ByteArrayInputStream(m.body()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Total bytes of the datagrams received. */
    public int bytes() {
        int n = 0;
        for (byte[] d : datagrams) {
            n += d.length;
        }
        return n;
    }

    public int datagramCount() {
        return datagrams.size();
    }

    public List<Long> arrivals() {
        return List.copyOf(arrivals);
    }
}
