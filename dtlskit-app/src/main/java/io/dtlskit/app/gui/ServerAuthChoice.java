package io.dtlskit.app.gui;

import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.DtlsServer;
import io.dtlskit.PeerVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The listen dialog's authentication choice, validated without Swing: PSK only (Qt's), a certificate
 * (PEM files, or a self-signed one generated in memory), or a raw public key (RFC 7250, from a PEM key
 * file or generated), and whether clients must authenticate (RFC 5246 §7.4.4: a CA file for
 * certificates, a trusted-keys file for raw keys). PSK suites stay offered in every mode, so Qt's
 * clients still connect. Files are checked when OK is pressed; keys are read when the server is built.
 *
 * @param clientTrust the client-CA file (certificate mode) or trusted-keys file (raw key mode); null with
 *                    {@link ClientAuth#NONE}
 */
public record ServerAuthChoice(Mode mode, Path cert, Path key, ClientAuth clientAuth, Path clientTrust) {
    public enum Mode {
        PSK("Pre-shared key (PSK)"), CERTIFICATE("Certificate (PEM files)"), SELF_SIGNED("Certificate (self-signed)"),
        RAW_PUBLIC_KEY("Raw public key (RFC 7250)");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final ServerAuthChoice PSK = new ServerAuthChoice(Mode.PSK, null, null, ClientAuth.NONE, null);

    /** The choice from the dialog's texts, or one message naming the problem. */
    public static Object validate(Mode mode, String cert, String key, ClientAuth clientAuth, String clientTrust) {
        if (mode == Mode.PSK) {
            return PSK;
        }
        Path certPath = mode == Mode.CERTIFICATE ? path(cert) : null;
        Path keyPath = mode == Mode.CERTIFICATE || mode == Mode.RAW_PUBLIC_KEY ? path(key) : null;
        ClientAuth auth = clientAuth == null ? ClientAuth.NONE : clientAuth;
        Path trust = auth == ClientAuth.NONE ? null : path(clientTrust);
        for (Path p : new Path[] {certPath, keyPath, trust}) {
            if (p != null && !Files.isReadable(p)) {
                return "File " + p + " does not exist or cannot be read";
            }
        }
        if (mode == Mode.CERTIFICATE && (certPath == null || keyPath == null)) {
            return "A certificate needs both its certificate file and its key file (PEM)";
        }
        if (auth != ClientAuth.NONE && trust == null) {
            return mode == Mode.RAW_PUBLIC_KEY
                    ? "Client authentication needs the file of trusted client keys"
                    : "Client authentication needs the file of the CA that issued the clients' certificates";
        }
        return new ServerAuthChoice(mode, certPath, keyPath, auth, trust);
    }

    /**
     * Our own credential for this choice (null for PSK only). A self-signed certificate or a raw key
     * without a file is generated here, so call it once per server.
     */
    public Credentials credentials() throws IOException {
        return switch (mode) {
            case PSK -> null;
            case CERTIFICATE -> Credentials.fromPem(cert, key);
            case SELF_SIGNED -> Credentials.selfSigned("localhost", "127.0.0.1");
            case RAW_PUBLIC_KEY -> key != null ? Credentials.rawPublicKey(key) : Credentials.rawPublicKey(newEcKey());
        };
    }

    /** Adds {@code own} (from {@link #credentials()}) and the client check to a server builder already set up for PSK. */
    public void apply(DtlsServer.Builder b, Credentials own) throws IOException {
        if (own == null) {
            return;
        }
        b.credentials(own); // the PSK store set on the builder stays offered beside it
        if (clientAuth != ClientAuth.NONE) {
            PeerVerifier v = mode == Mode.RAW_PUBLIC_KEY ? PeerVerifier.pinnedKeys(clientTrust)
                    : PeerVerifier.trusting(clientTrust);
            b.clientAuth(clientAuth, v);
        }
    }

    /** One line for the info pane: what clients must trust. No private material. */
    public static String describe(Credentials own, ServerAuthChoice choice) {
        String clients = choice.clientAuth == ClientAuth.NONE ? ""
                : "; client authentication " + choice.clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                + " (" + choice.clientTrust + ")";
        if (own instanceof Credentials.Certificate c) {
            return "Serving certificate " + c.subject() + ", SHA-256 fingerprint " + c.fingerprint()
                    + (choice.mode == Mode.SELF_SIGNED ? " (self-signed, in memory)" : "") + clients;
        }
        if (own instanceof Credentials.RawPublicKey k) {
            return "Serving raw public key " + k.fingerprint() + clients;
        }
        return "Serving PSK only";
    }

    private static java.security.KeyPair newEcKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.strip());
    }
}
