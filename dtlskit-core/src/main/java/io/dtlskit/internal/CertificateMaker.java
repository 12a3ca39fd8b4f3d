package io.dtlskit.internal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Makes EC P-256 test certificates: a CA, leaves signed by it, and self-signed leaves, with the
 * validity a test needs (expired, not yet valid). For {@code dtlskit certs}, {@code --self-signed}
 * and the negative test rows; not a CA for production use.
 */
public final class CertificateMaker {
    private final SecureRandom random;

    public CertificateMaker(SecureRandom random) {
        this.random = random;
    }

    /** A certificate with its key pair; {@link #toString()} never shows the private key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
        }
    }

    /** What a leaf is for (RFC 5280 §4.2.1.12 extended key usage). */
    public enum Usage { SERVER, CLIENT, BOTH }

    public KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
        }
    }

    /** A self-signed CA certificate (basic constraints CA, key usage keyCertSign), valid from now for the given time. */
    public Issued authority(String commonName, Duration validity) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + rdnEscape(commonName));
        return new Issued(build(name, keys, name, keys, now.minus(Duration.ofMinutes(5)), now.plus(validity), true,
                null, List.of()), keys);
    }

    /** A leaf signed by {@code issuer}, for host names and IP addresses (subjectAltName), valid in [from, to). */
    public Issued leaf(Issued issuer, String commonName, List<String> names, Usage usage, Instant from, Instant to) {
        return leaf(issuer, commonName, names, usage, from, to, newKeyPair());
    }

    /** A leaf for a given key pair (RSA, another curve), signed by {@code issuer}. */
    public Issued leaf(Issued issuer, String commonName, List<String> names, Usage usage, Instant from, Instant to,
                       KeyPair keys) {
        X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        return new Issued(build(new X500Name("CN=" + rdnEscape(commonName)), keys, issuerName, issuer.keys(), from, to,
                false, usage, names), keys);
    }

    /** A self-signed leaf (its own issuer): {@code --self-signed}, the pinned-certificate case. */
    public Issued selfSigned(String commonName, List<String> names, Usage usage, Duration validity) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + rdnEscape(commonName));
        return new Issued(build(name, keys, name, keys, now.minus(Duration.ofMinutes(5)), now.plus(validity), false,
                usage, names), keys);
    }

    private X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                  Instant from, Instant to, boolean ca, Usage usage, List<String> names) {
        try {
            BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(to),
                    subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                List<KeyPurposeId> purposes = new ArrayList<>();
                if (usage != Usage.CLIENT) {
                    purposes.add(KeyPurposeId.id_kp_serverAuth);
                }
                if (usage != Usage.SERVER) {
                    purposes.add(KeyPurposeId.id_kp_clientAuth);
                }
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            if (!names.isEmpty()) {
                GeneralName[] alt = names.stream().map(CertificateMaker::generalName).toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("certificate generation failed: " + e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String name) {
        return HostNames.isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name);
    }

    private static String rdnEscape(String value) {
        return value.replaceAll("([,+=\"\\\\<>;#])", "\\\\$1");
    }
}
