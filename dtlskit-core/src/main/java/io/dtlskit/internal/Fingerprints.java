package io.dtlskit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 fingerprints and key descriptions, as shown in events and accepted on the command line.
 * A certificate's fingerprint hashes its DER encoding (what {@code openssl x509 -fingerprint -sha256}
 * prints); a raw public key's hashes its SubjectPublicKeyInfo, the bytes RFC 7250 §3 puts on the wire.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** {@code AB:CD:...}: upper-case colon-separated hex of the certificate's SHA-256. */
    public static String of(X509Certificate certificate) {
        try {
            return colonHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** {@code SHA256:<hex>} of the key's SubjectPublicKeyInfo. */
    public static String of(PublicKey key) {
        return "SHA256:" + HexFormat.of().formatHex(sha256(key.getEncoded()));
    }

    /** The SHA-256 of a SubjectPublicKeyInfo, for comparison with a pin. */
    public static byte[] keyDigest(PublicKey key) {
        return sha256(key.getEncoded());
    }

    /**
     * Parses a key pin: {@code SHA256:} followed by 64 hex digits (colons allowed) or by unpadded
     * base64 as OpenSSH prints it. The prefix may be omitted for hex.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static byte[] parsePin(String text) {
        String t = text.strip();
        boolean prefixed = t.regionMatches(true, 0, "SHA256:", 0, 7);
        String body = prefixed ? t.substring(7) : t;
        String hex = body.replace(":", "");
        if (hex.length() == 64 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        }
        if (prefixed) {
            try {
                byte[] b = Base64.getDecoder().decode(body.endsWith("=") ? body : body + "=");
                if (b.length == 32) {
                    return b;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("'" + Text.inert(text)
                + "' is not a SHA-256 key fingerprint (expected SHA256: and 64 hex digits or 43 base64 characters)");
    }

    /** {@code EC P-256}, {@code RSA 2048}, {@code Ed25519}: for events and tables. */
    public static String keyType(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return "EC " + curveName(ec.getParams());
        }
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm();
    }

    /** The NIST name of the curves TLS uses (RFC 8422 §5.1.1), else the field size. */
    static String curveName(ECParameterSpec params) {
        int bits = params.getCurve().getField().getFieldSize();
        return switch (bits) {
            case 256, 384 -> "P-" + bits;
            case 521 -> "P-521";
            default -> bits + "-bit curve";
        };
    }

    static String colonHex(byte[] digest) {
        StringBuilder sb = new StringBuilder(digest.length * 3);
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex.toHexDigits(digest[i]));
        }
        return sb.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }
}
