package io.dtlskit.probe.internal;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.CipherType;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.TlsUtils;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cipher suites the probe offers one by one: every DTLS-capable family a server is likely to
 * run (PSK, (EC)DHE-PSK, ECDHE-ECDSA, ECDHE-RSA, DHE-RSA, RSA) plus the weak ones it must warn about
 * (NULL, export, 3DES, RC4 — RC4 is forbidden in DTLS, RFC 6347 §4.1.2.2). Names come from Bouncy
 * Castle's {@link CipherSuite} constants.
 */
public final class Catalog {
    public static final List<Integer> SUITES = List.of(
            // PSK (RFC 4279, 5487, 6655, 7905)
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_256_CCM_8,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM, CipherSuite.TLS_PSK_WITH_AES_256_CCM,
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA, CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA,
            CipherSuite.TLS_PSK_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_PSK_WITH_3DES_EDE_CBC_SHA,
            CipherSuite.TLS_PSK_WITH_NULL_SHA256, CipherSuite.TLS_PSK_WITH_NULL_SHA,
            // ECDHE-PSK (RFC 5489, 8442, 7905) and DHE-PSK
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384,
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_PSK_WITH_NULL_SHA256,
            CipherSuite.TLS_DHE_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_DHE_PSK_WITH_AES_128_CCM, CipherSuite.TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
            // ECDHE-ECDSA (RFC 8422, 7251, 7905)
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_NULL_SHA,
            // ECDHE-RSA, DHE-RSA, RSA
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
            CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
            CipherSuite.TLS_RSA_WITH_RC4_128_SHA, CipherSuite.TLS_RSA_WITH_NULL_SHA256,
            CipherSuite.TLS_RSA_EXPORT_WITH_DES40_CBC_SHA, CipherSuite.TLS_RSA_EXPORT_WITH_RC4_40_MD5);

    /** DTLS 1.3 suites (RFC 8446 §B.4), offered only in the 1.3 ClientHello. */
    static final int[] TLS13_SUITES = {CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384,
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_AES_128_CCM_SHA256, CipherSuite.TLS_AES_128_CCM_8_SHA256};

    private static final Map<Integer, String> NAMES = names();

    private Catalog() {
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> out = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getName().startsWith("TLS_")) {
                try {
                    out.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** The IANA name, or 0xXXXX for a code Bouncy Castle does not know. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, String.format("0x%04X", code));
    }

    static boolean isCbc(int code) {
        return TlsUtils.getEncryptionAlgorithmType(TlsUtils.getEncryptionAlgorithm(code)) == CipherType.block;
    }

    /** Why the suite is weak regardless of extensions, or null (CBC without EtM is judged with the extensions). */
    static String weakness(int code) {
        String n = name(code);
        int enc = TlsUtils.getEncryptionAlgorithm(code);
        if (n.contains("EXPORT")) {
            return "export-grade";
        }
        if (enc == EncryptionAlgorithm.NULL) {
            return "NULL cipher: no encryption";
        }
        if (n.contains("RC4")) {
            return "RC4 (forbidden in DTLS, RFC 6347 §4.1.2.2; RFC 7465)";
        }
        if (n.contains("3DES") || n.contains("DES40") || n.contains("_DES_")) {
            return "3DES/DES (64-bit block, Sweet32)";
        }
        return null;
    }

    /** The key exchange family: "PSK", "certificate" or "other". */
    static String authentication(int code) {
        return switch (TlsUtils.getKeyExchangeAlgorithm(code)) {
            case KeyExchangeAlgorithm.PSK, KeyExchangeAlgorithm.DHE_PSK, KeyExchangeAlgorithm.ECDHE_PSK -> "PSK";
            case KeyExchangeAlgorithm.RSA_PSK -> "PSK+certificate";
            default -> "certificate";
        };
    }

    static boolean isPsk(int code) {
        return authentication(code).startsWith("PSK");
    }
}
