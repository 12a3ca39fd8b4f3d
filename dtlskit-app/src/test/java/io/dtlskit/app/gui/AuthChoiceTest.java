package io.dtlskit.app.gui;

import io.dtlskit.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The connect dialog's authentication choice, validated without Swing. */
class AuthChoiceTest {
    @Test
    void pskNeedsNothing() {
        assertThat(AuthChoice.validate(AuthChoice.Mode.PSK, "", false, "", "", "")).isEqualTo(AuthChoice.PSK);
    }

    @Test
    void certificateNeedsACaOrInsecureAndBothClientFiles(@TempDir Path dir) throws Exception {
        TestPki.write(dir);
        String ca = dir.resolve("ca.pem").toString();
        assertThat(AuthChoice.validate(AuthChoice.Mode.CERTIFICATE, "", false, "", "", ""))
                .isEqualTo("Choose the CA file that issued the server's certificate, or tick 'Do not verify'");
        assertThat(AuthChoice.validate(AuthChoice.Mode.CERTIFICATE, ca, false, dir.resolve("client.pem").toString(), "", ""))
                .isEqualTo("A client certificate needs both its certificate file and its key file");
        assertThat(AuthChoice.validate(AuthChoice.Mode.CERTIFICATE, dir.resolve("nope.pem").toString(), false, "", "", ""))
                .asString().contains("does not exist");
        Object ok = AuthChoice.validate(AuthChoice.Mode.CERTIFICATE, ca, false, dir.resolve("client.pem").toString(),
                dir.resolve("client-key.pem").toString(), "");
        assertThat(ok).isInstanceOf(AuthChoice.class);
        var b = io.dtlskit.DtlsClient.builder();
        ((AuthChoice) ok).apply(b); // reads the files: they must be usable
        assertThat(((AuthChoice) AuthChoice.validate(AuthChoice.Mode.CERTIFICATE, "", true, "", "", "")).describe())
                .contains("NOT verified");
    }

    @Test
    void rawPublicKeyNeedsAFingerprintOrAFile(@TempDir Path dir) throws Exception {
        TestPki.write(dir);
        assertThat(AuthChoice.validate(AuthChoice.Mode.RAW_PUBLIC_KEY, "", false, "", "", ""))
                .asString().startsWith("Enter the server's key fingerprint");
        assertThat(AuthChoice.validate(AuthChoice.Mode.RAW_PUBLIC_KEY, "", false, "", "", "SHA256:12"))
                .asString().contains("not a SHA-256 key fingerprint");
        assertThat(AuthChoice.validate(AuthChoice.Mode.RAW_PUBLIC_KEY, "", false, "", "",
                dir.resolve("client-pubkey.pem").toString())).isInstanceOf(AuthChoice.class);
    }
}
