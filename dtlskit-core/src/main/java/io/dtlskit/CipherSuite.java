package io.dtlskit;

import java.util.List;
import java.util.Locale;

/**
 * The DTLS 1.2 cipher suites dtlskit offers and accepts, with their IANA code point and the
 * OpenSSL name that Qt prints. Declaration order is the default preference order: plain-PSK
 * AES-128-GCM first, because every peer here accepts it and it is the cheapest, then the IoT suites
 * (RFC 6655 CCM_8), then the (EC)DHE-PSK suites that give forward secrecy, then the certificate and
 * raw-public-key suites (ECDHE_ECDSA, CCM_8 first as RFC 7252 §9.1.3 asks of CoAP, then ECDHE_RSA).
 * Each side offers only the suites its credentials can serve.
 */
public enum CipherSuite {
    TLS_PSK_WITH_AES_128_GCM_SHA256(0x00A8, "PSK-AES128-GCM-SHA256"),
    TLS_PSK_WITH_AES_128_CCM_8(0xC0A8, "PSK-AES128-CCM8"),
    TLS_PSK_WITH_AES_128_CCM(0xC0A4, "PSK-AES128-CCM"),
    TLS_PSK_WITH_AES_128_CBC_SHA256(0x00AE, "PSK-AES128-CBC-SHA256"),
    TLS_PSK_WITH_AES_256_GCM_SHA384(0x00A9, "PSK-AES256-GCM-SHA384"),
    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305"),
    TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256(0xC037, "ECDHE-PSK-AES128-CBC-SHA256"),
    TLS_DHE_PSK_WITH_AES_256_GCM_SHA384(0x00AB, "DHE-PSK-AES256-GCM-SHA384"),
    TLS_DHE_PSK_WITH_AES_128_GCM_SHA256(0x00AA, "DHE-PSK-AES128-GCM-SHA256"),
    TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAD, "DHE-PSK-CHACHA20-POLY1305"),
    // Certificate and raw-public-key suites (offered only with certificate credentials or a verifier).
    // CCM_8 first: RFC 7252 §9.1.3.2/3 makes it mandatory for CoAP devices with certificates or raw keys.
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8(0xC0AE, "ECDHE-ECDSA-AES128-CCM8"),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256"),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM(0xC0AC, "ECDHE-ECDSA-AES128-CCM"),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384"),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, "ECDHE-RSA-AES128-GCM-SHA256"),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, "ECDHE-RSA-AES256-GCM-SHA384");

    private final int code;
    private final String openSslName;

    CipherSuite(int code, String openSslName) {
        this.code = code;
        this.openSslName = openSslName;
    }

    /** The IANA code point, as used on the wire and by Bouncy Castle. */
    public int code() {
        return code;
    }

    /** The OpenSSL name, as Qt's {@code QSslCipher::name()} shows it. */
    public String openSslName() {
        return openSslName;
    }

    /** True for the pre-shared-key suites (RFC 4279, 5489, 6655): no certificate or raw key involved. */
    public boolean psk() {
        return name().contains("_PSK_");
    }

    /** The default list, in preference order. */
    public static List<CipherSuite> defaults() {
        return List.of(values());
    }

    /** The suite with this code point, or null if dtlskit does not know it. */
    public static CipherSuite fromCode(int code) {
        for (CipherSuite suite : values()) {
            if (suite.code == code) {
                return suite;
            }
        }
        return null;
    }

    /**
     * Parses an IANA name ({@code TLS_PSK_WITH_AES_128_GCM_SHA256}) or an OpenSSL name
     * ({@code PSK-AES128-GCM-SHA256}), case-insensitively.
     *
     * @throws IllegalArgumentException naming the unknown suite
     */
    public static CipherSuite parse(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        for (CipherSuite suite : values()) {
            if (suite.name().equals(wanted) || suite.openSslName.equals(wanted)) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown cipher suite '" + name + "' (known: "
                + String.join(", ", java.util.Arrays.stream(values()).map(Enum::name).toList()) + ")");
    }

    /** Name for display: the IANA name, or {@code 0x....} for an unknown code. */
    public static String nameOf(int code) {
        CipherSuite suite = fromCode(code);
        return suite != null ? suite.name() : String.format("0x%04X", code);
    }
}
