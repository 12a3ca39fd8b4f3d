package io.dtlskit.internal;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Reads and writes the files users have: PEM certificate bundles, PEM private keys (PKCS#8
 * {@code PRIVATE KEY}, SEC 1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}) and PKCS#12 stores.
 * Errors name the file and what was found, never key material.
 */
public final class Pem {
    private Pem() {
    }

    /** Every certificate in a PEM (or DER) file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        try (InputStream in = new ByteArrayInputStream(data)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no certificate (expected PEM -----BEGIN CERTIFICATE-----)");
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The private key in a PEM file, with its public key (derived when the file holds only the private one). */
    public static KeyPair readKeyPair(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        try (Reader reader = new StringReader(new String(data, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(reader)) {
            Arrays.fill(data, (byte) 0);
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair);
                }
                if (o instanceof PrivateKeyInfo info) {
                    PrivateKey key = converter.getPrivateKey(info);
                    return new KeyPair(publicKeyOf(key), key);
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException(file + " holds an encrypted private key: use a PKCS#12 file with"
                            + " a password, or decrypt it (openssl pkey -in KEY -out PLAIN-KEY)");
                }
            }
            throw new IllegalArgumentException(file + " holds no private key (expected PEM -----BEGIN PRIVATE KEY-----,"
                    + " EC PRIVATE KEY or RSA PRIVATE KEY)");
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IllegalArgumentException(file + " is not a readable PEM private key: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A PKCS#12 store's first key entry: the chain (leaf first) and the private key. */
    public static Entry readPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (chain == null || chain.length == 0) {
                        throw new IllegalArgumentException(file + ": key entry '" + Text.inert(alias) + "' has no certificate");
                    }
                    List<X509Certificate> certs = new ArrayList<>();
                    for (Certificate c : chain) {
                        certs.add((X509Certificate) c);
                    }
                    return new Entry(List.copyOf(certs), key);
                }
            }
            throw new IllegalArgumentException(file + " holds no private key entry");
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException(file + ": wrong PKCS#12 password (or not a PKCS#12 file)", e);
            }
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " cannot be read as PKCS#12: " + e.getMessage(), e);
        }
    }

    /** A certificate chain and its private key, as read from a store. */
    public record Entry(List<X509Certificate> chain, PrivateKey key) {
        @Override
        public String toString() {
            return "Entry[" + chain.size() + " certificates, " + key.getAlgorithm() + " private key]";
        }
    }

    /** The public half of a private key (EC, RSA with CRT parameters, Ed25519). */
    public static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            AsymmetricKeyParameter params = PrivateKeyFactory.createKey(key.getEncoded());
            AsymmetricKeyParameter pub;
            if (params instanceof ECPrivateKeyParameters ec) {
                pub = new ECPublicKeyParameters(new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()),
                        ec.getParameters());
            } else if (params instanceof Ed25519PrivateKeyParameters ed) {
                pub = ed.generatePublicKey();
            } else {
                throw new IllegalArgumentException("unsupported private key type " + key.getAlgorithm());
            }
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub).getEncoded();
            return KeyFactory.getInstance(key.getAlgorithm()).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key of a " + key.getAlgorithm() + " key: "
                    + e.getMessage(), e);
        }
    }

    /** PEM text of certificates. */
    public static String certificates(List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                sb.append(block("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded", e);
            }
        }
        return sb.toString();
    }

    /** PEM text of a public key (SubjectPublicKeyInfo), for trusted-keys files and pins. */
    public static String publicKey(PublicKey key) {
        return block("PUBLIC KEY", key.getEncoded());
    }

    /** Writes text to a new file readable by everyone (certificates, public keys). */
    public static void writePublic(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /**
     * Writes a private key as PKCS#8 PEM to a file created with mode 0600 before any byte is written
     * (where the file system has POSIX permissions). An existing file is replaced.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        byte[] der = completeEncoding(key);
        byte[] text = block("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(der, (byte) 0);
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " was created by someone else while writing it", e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /**
     * PKCS#8 with, for EC keys, the curve and public key inside the SEC 1 structure (RFC 5915 §3):
     * the JDK omits both, and GnuTLS then refuses the file ("ASN1 parser: Element was not found").
     */
    private static byte[] completeEncoding(PrivateKey key) throws IOException {
        byte[] der = key.getEncoded();
        if (!"EC".equals(key.getAlgorithm())) {
            return der;
        }
        try {
            return org.bouncycastle.crypto.util.PrivateKeyInfoFactory.createPrivateKeyInfo(PrivateKeyFactory.createKey(der))
                    .getEncoded();
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
