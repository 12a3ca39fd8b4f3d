package io.dtlskit.app.gui;

import io.dtlskit.Credentials;
import io.dtlskit.DtlsClient;
import io.dtlskit.PeerVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The connect dialog's authentication choice, validated without Swing: PSK (the default), a
 * certificate check of the server (a CA file, or insecure) with an optional client certificate, or a
 * pinned raw public key (RFC 7250) with an optional client key. Files are checked when OK is
 * pressed; keys are read only when the client is built.
 *
 * @param serverKey the server's raw key fingerprint ({@code SHA256:...}) or a trusted-keys file
 */
public record AuthChoice(Mode mode, Path ca, boolean insecure, Path cert, Path key, String serverKey) {
    public enum Mode {
        PSK("Pre-shared key (PSK)"), CERTIFICATE("Certificate (X.509)"), RAW_PUBLIC_KEY("Raw public key (RFC 7250)");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final AuthChoice PSK = new AuthChoice(Mode.PSK, null, false, null, null, null);

    /** The choice from the dialog's texts, or one message naming the problem. */
    public static Object validate(Mode mode, String ca, boolean insecure, String cert, String key, String serverKey) {
        if (mode == Mode.PSK) {
            return PSK;
        }
        Path caPath = path(ca);
        Path certPath = path(cert);
        Path keyPath = path(key);
        for (Path p : new Path[] {caPath, certPath, keyPath}) {
            if (p != null && !Files.isReadable(p)) {
                return "File " + p + " does not exist or cannot be read";
            }
        }
        if (mode == Mode.CERTIFICATE) {
            if (caPath == null && !insecure) {
                return "Choose the CA file that issued the server's certificate, or tick 'Do not verify'";
            }
            if ((certPath == null) != (keyPath == null)) {
                return "A client certificate needs both its certificate file and its key file";
            }
            return new AuthChoice(mode, caPath, insecure && caPath == null, certPath, keyPath, null);
        }
        String pin = serverKey == null ? "" : serverKey.strip();
        if (pin.isEmpty()) {
            return "Enter the server's key fingerprint (SHA256:...) or choose a trusted-keys file";
        }
        try {
            pinned(pin);
        } catch (IOException | IllegalArgumentException e) {
            return e.getMessage();
        }
        return new AuthChoice(mode, null, false, null, keyPath, pin);
    }

    /** Sets up a client builder for this choice (PSK: nothing to do). */
    public void apply(DtlsClient.Builder b) throws IOException {
        switch (mode) {
            case PSK -> {
            }
            case CERTIFICATE -> {
                b.serverVerifier(insecure ? PeerVerifier.insecure() : PeerVerifier.trusting(ca));
                if (cert != null) {
                    b.credentials(Credentials.fromPem(cert, key));
                }
            }
            case RAW_PUBLIC_KEY -> {
                b.serverVerifier(pinned(serverKey));
                if (key != null) {
                    b.credentials(Credentials.rawPublicKey(key));
                }
            }
        }
    }

    /** One line for the info pane. */
    public String describe() {
        return switch (mode) {
            case PSK -> "PSK";
            case CERTIFICATE -> (insecure ? "certificate NOT verified (insecure)" : "certificate checked against " + ca)
                    + (cert != null ? ", client certificate " + cert : "");
            case RAW_PUBLIC_KEY -> "raw public key pinned to " + serverKey + (key != null ? ", client key " + key : "");
        };
    }

    private static PeerVerifier pinned(String pin) throws IOException {
        if (pin.regionMatches(true, 0, "SHA256:", 0, 7)) {
            return PeerVerifier.pinnedKeys(List.of(pin));
        }
        Path file = Path.of(pin);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("'" + pin + "' is neither a SHA256:... fingerprint nor a readable file");
        }
        return PeerVerifier.pinnedKeys(file);
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.strip());
    }
}
