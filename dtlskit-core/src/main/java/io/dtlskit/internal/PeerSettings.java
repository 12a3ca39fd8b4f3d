package io.dtlskit.internal;

import io.dtlskit.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.util.List;

/** Settings both Bouncy Castle peers share. */
public record PeerSettings(List<CipherSuite> cipherSuites, int handshakeTimeoutMillis, int initialResendMillis,
                           KeyLog keyLog) {

    /** DTLS 1.2 only: PSKTlsClient/PSKTlsServer default to TLS versions (docs/bouncy-castle.md #2). */
    public static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();

    /** The configured suites that this crypto provider can actually do, in order. */
    public int[] suiteCodes(TlsCrypto crypto) {
        int[] codes = cipherSuites.stream().mapToInt(CipherSuite::code).toArray();
        return TlsUtils.getSupportedCipherSuites(crypto, codes);
    }
}
