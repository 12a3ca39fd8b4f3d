package io.dtlskit.internal;

import io.dtlskit.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Settings both Bouncy Castle peers share. */
public record PeerSettings(List<CipherSuite> cipherSuites, int handshakeTimeoutMillis, int initialResendMillis,
                           KeyLog keyLog) {

    /** DTLS 1.2 only: PSKTlsClient/PSKTlsServer default to TLS versions (docs/bouncy-castle.md #2). */
    public static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();

    /**
     * What {@link #suiteCodes} answered for our own crypto: the answer depends only on the list and the
     * crypto class (the JDK's providers do not change), and it was asked on every handshake (1.8% of the
     * server's handshake CPU in a JFR profile of {@code bench handshakes}).
     */
    private static final Map<List<Object>, int[]> LEAN_SUPPORTED = new ConcurrentHashMap<>();

    /** The configured suites that this crypto provider can actually do, in order. */
    public int[] suiteCodes(TlsCrypto crypto) {
        if (!(crypto instanceof LeanCrypto)) {
            return supported(crypto);
        }
        return LEAN_SUPPORTED.computeIfAbsent(List.of(crypto.getClass(), cipherSuites), k -> supported(crypto)).clone();
    }

    private int[] supported(TlsCrypto crypto) {
        int[] codes = cipherSuites.stream().mapToInt(CipherSuite::code).toArray();
        return TlsUtils.getSupportedCipherSuites(crypto, codes);
    }
}
