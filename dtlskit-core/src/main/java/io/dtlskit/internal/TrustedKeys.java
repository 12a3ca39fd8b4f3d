package io.dtlskit.internal;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads a trusted-keys file: fingerprint lines and PEM public keys or certificates, in any mix. */
public final class TrustedKeys {
    private TrustedKeys() {
    }

    /** The {@code SHA256:hex} fingerprints the file trusts; at least one. */
    public static List<String> read(Path file) throws IOException {
        String text = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        List<String> out = new ArrayList<>();
        if (text.contains("-----BEGIN")) {
            try (PEMParser parser = new PEMParser(new StringReader(text))) {
                for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                    SubjectPublicKeyInfo spki = o instanceof SubjectPublicKeyInfo s ? s
                            : o instanceof X509CertificateHolder c ? c.getSubjectPublicKeyInfo() : null;
                    if (spki == null) {
                        throw new IllegalArgumentException(file + " holds a PEM block that is neither a public key nor a"
                                + " certificate (" + o.getClass().getSimpleName() + ")");
                    }
                    out.add("SHA256:" + HexFormat.of().formatHex(Fingerprints.sha256(spki.getEncoded())));
                }
            }
        }
        int n = 0;
        boolean inPem = false;
        for (String line : text.split("\\R")) {
            n++;
            String t = line.strip();
            if (t.startsWith("-----BEGIN")) {
                inPem = true;
            }
            if (!inPem && !t.isEmpty() && !t.startsWith("#")) {
                try {
                    Fingerprints.parsePin(t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage());
                }
                out.add(t);
            }
            if (t.startsWith("-----END")) {
                inPem = false;
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no trusted key (SHA256:... lines or PEM PUBLIC KEY blocks)");
        }
        return out;
    }
}
