package io.dtlskit.probe.internal;

import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.TlsUtils;

import java.util.ArrayList;
import java.util.List;

/** Splits datagrams from the server into DTLS records (RFC 6347 §4.1); nothing here trusts a length. */
final class Records {
    static final int HEADER = 13;
    static final int HANDSHAKE_HEADER = 12;

    record Record(short type, int major, int minor, int epoch, long seq, byte[] fragment) {
        boolean isHandshake() {
            return type == ContentType.handshake && epoch == 0;
        }
    }

    private Records() {
    }

    /** The records of one datagram; a truncated tail is dropped (RFC 6347 §4.1.2.7: invalid records are discarded). */
    static List<Record> parse(byte[] datagram) {
        List<Record> out = new ArrayList<>();
        int off = 0;
        while (datagram.length - off >= HEADER) {
            int len = TlsUtils.readUint16(datagram, off + 11);
            if (off + HEADER + len > datagram.length) {
                break;
            }
            byte[] fragment = new byte[len];
            System.arraycopy(datagram, off + HEADER, fragment, 0, len);
            out.add(new Record(TlsUtils.readUint8(datagram, off), datagram[off + 1] & 0xFF, datagram[off + 2] & 0xFF,
                    TlsUtils.readUint16(datagram, off + 3), TlsUtils.readUint48(datagram, off + 5), fragment));
            off += HEADER + len;
        }
        return out;
    }
}
