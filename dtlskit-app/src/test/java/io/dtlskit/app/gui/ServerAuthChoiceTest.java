package io.dtlskit.app.gui;

import io.dtlskit.ClientAuth;
import io.dtlskit.Credentials;
import io.dtlskit.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The listen dialog's authentication choice, validated without Swing. */
class ServerAuthChoiceTest {
    @Test
    void pskNeedsNothingAndIgnoresTheOtherFields() {
        assertThat(ServerAuthChoice.validate(ServerAuthChoice.Mode.PSK, "x", "y", ClientAuth.NEED, "z"))
                .isEqualTo(ServerAuthChoice.PSK);
    }

    @Test
    void certificateNeedsBothFilesAndClientAuthItsCa(@TempDir Path dir) throws Exception {
        TestPki.write(dir);
        String cert = dir.resolve("server.pem").toString();
        String key = dir.resolve("server-key.pem").toString();
        assertThat(ServerAuthChoice.validate(ServerAuthChoice.Mode.CERTIFICATE, cert, "", ClientAuth.NONE, ""))
                .isEqualTo("A certificate needs both its certificate file and its key file (PEM)");
        assertThat(ServerAuthChoice.validate(ServerAuthChoice.Mode.CERTIFICATE, dir.resolve("nope.pem").toString(), key,
                ClientAuth.NONE, "")).asString().contains("does not exist");
        assertThat(ServerAuthChoice.validate(ServerAuthChoice.Mode.CERTIFICATE, cert, key, ClientAuth.NEED, " "))
                .isEqualTo("Client authentication needs the file of the CA that issued the clients' certificates");
        Object ok = ServerAuthChoice.validate(ServerAuthChoice.Mode.CERTIFICATE, cert, key, ClientAuth.WANT,
                dir.resolve("ca.pem").toString());
        assertThat(ok).isEqualTo(new ServerAuthChoice(ServerAuthChoice.Mode.CERTIFICATE, dir.resolve("server.pem"),
                dir.resolve("server-key.pem"), ClientAuth.WANT, dir.resolve("ca.pem")));
        ServerAuthChoice choice = (ServerAuthChoice) ok;
        Credentials own = choice.credentials();
        String line = ServerAuthChoice.describe(own, choice);
        assertThat(line).startsWith("Serving certificate CN=localhost, SHA-256 fingerprint ")
                .endsWith("; client authentication want (" + dir.resolve("ca.pem") + ")");
    }

    @Test
    void selfSignedIsGeneratedAndItsFingerprintShown() throws Exception {
        ServerAuthChoice choice = (ServerAuthChoice) ServerAuthChoice.validate(ServerAuthChoice.Mode.SELF_SIGNED,
                "ignored", "ignored", ClientAuth.NONE, "");
        assertThat(choice.cert()).isNull();
        Credentials.Certificate own = (Credentials.Certificate) choice.credentials();
        assertThat(ServerAuthChoice.describe(own, choice))
                .isEqualTo("Serving certificate " + own.subject() + ", SHA-256 fingerprint " + own.fingerprint()
                        + " (self-signed, in memory)")
                .doesNotContain("PRIVATE");
    }

    @Test
    void rawPublicKeyIsGeneratedOrReadAndClientKeysComeFromATrustedKeysFile(@TempDir Path dir) throws Exception {
        TestPki.write(dir);
        ServerAuthChoice generated = (ServerAuthChoice) ServerAuthChoice.validate(
                ServerAuthChoice.Mode.RAW_PUBLIC_KEY, "", "", ClientAuth.NONE, "");
        assertThat(generated.credentials()).isInstanceOf(Credentials.RawPublicKey.class);
        assertThat(ServerAuthChoice.validate(ServerAuthChoice.Mode.RAW_PUBLIC_KEY, "", "", ClientAuth.NEED, ""))
                .isEqualTo("Client authentication needs the file of trusted client keys");
        ServerAuthChoice fromFile = (ServerAuthChoice) ServerAuthChoice.validate(ServerAuthChoice.Mode.RAW_PUBLIC_KEY,
                "", dir.resolve("server-key.pem").toString(), ClientAuth.NEED, dir.resolve("client-pubkey.pem").toString());
        Credentials.RawPublicKey own = (Credentials.RawPublicKey) fromFile.credentials();
        assertThat(ServerAuthChoice.describe(own, fromFile)).startsWith("Serving raw public key " + own.fingerprint()
                + "; client authentication need (");
    }
}
