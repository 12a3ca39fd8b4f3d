package io.dtlskit.internal;

import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.net.InetSocketAddress;

/**
 * The stateless cookie exchange of RFC 6347 §4.2.1: nothing is kept for a peer until it returns the
 * cookie of our HelloVerifyRequest, which proves it receives at its address.
 */
public final class CookieGuard {
    private final DTLSVerifier verifier;

    public CookieGuard(TlsCrypto crypto) {
        this.verifier = new DTLSVerifier(crypto);
    }

    /**
     * Checks a ClientHello: the request to start a handshake with if its cookie is valid, else null
     * (a HelloVerifyRequest went out through {@code sender} if the ClientHello was well-formed).
     */
    public DTLSRequest verify(InetSocketAddress from, byte[] hello, int length, DatagramSender sender) {
        return verifier.verifyRequest(clientId(from), hello, 0, length, sender);
    }

    /** The cookie binds the peer's address and port (RFC 6347 §4.2.1). */
    private static byte[] clientId(InetSocketAddress from) {
        byte[] a = from.getAddress().getAddress();
        byte[] id = new byte[a.length + 2];
        System.arraycopy(a, 0, id, 0, a.length);
        id[a.length] = (byte) (from.getPort() >> 8);
        id[a.length + 1] = (byte) from.getPort();
        return id;
    }
}
