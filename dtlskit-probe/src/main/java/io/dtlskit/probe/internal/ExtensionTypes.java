package io.dtlskit.probe.internal;

/** Extension numbers Bouncy Castle has no constant for. */
final class ExtensionTypes {
    /**
     * The connection ID extension number mbedTLS 2.x used before RFC 9146 was published
     * (MBEDTLS_TLS_EXT_CID); RFC 9146 itself uses 54 (53 was the draft's, now deprecated by IANA).
     */
    static final int CID_DRAFT = 254;

    private ExtensionTypes() {
    }
}
