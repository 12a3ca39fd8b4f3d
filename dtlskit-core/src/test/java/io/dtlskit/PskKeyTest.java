package io.dtlskit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PskKeyTest {
    @Test
    void parsesHexInCommonSpellings() {
        assertThat(PskKey.ofHex("1a2b3c4d5e6f").sameAs(io.dtlskit.testing.Qt.key())).isTrue();
        assertThat(PskKey.ofHex("0x1A2B3C4D5E6F").sameAs(io.dtlskit.testing.Qt.key())).isTrue();
        assertThat(PskKey.ofHex(" 1a:2b:3c:4d:5e:6f\n").sameAs(io.dtlskit.testing.Qt.key())).isTrue();
    }

    @Test
    void badHexIsRejectedWithoutEchoingTheKey() {
        assertThatThrownBy(() -> PskKey.ofHex("abcde")).hasMessage("PSK key has an odd number of hex digits (5)");
        assertThatThrownBy(() -> PskKey.ofHex("zz99")).hasMessage("PSK key is not hexadecimal")
                .message().doesNotContain("zz99");
        assertThatThrownBy(() -> PskKey.ofHex("")).hasMessage("PSK key is empty");
    }

    @Test
    void toStringShowsOnlyTheLength() {
        assertThat(io.dtlskit.testing.Qt.key().toString()).isEqualTo("PskKey[6 bytes]").doesNotContain("1a2b");
    }

    @Test
    void copiesAreIndependentAndDestroyWipes() {
        PskKey key = PskKey.ofHex("010203");
        byte[] copy = key.copy();
        copy[0] = 9; // what Bouncy Castle does to the array it gets
        assertThat(key.copy()).containsExactly(1, 2, 3);
        key.destroy();
        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(key::copy).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsKeyFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("key");
        Files.writeString(f, "1a2b3c4d5e6f\n");
        assertThat(PskKey.fromFile(f).sameAs(io.dtlskit.testing.Qt.key())).isTrue();
        Files.writeString(f, "1a2b3");
        assertThatThrownBy(() -> PskKey.fromFile(f)).hasMessageContaining("odd number").hasMessageContaining(f.toString());
    }

    @Test
    void missingEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> PskKey.fromEnvironment("DTLSKIT_SURELY_UNSET_VAR"))
                .hasMessage("environment variable DTLSKIT_SURELY_UNSET_VAR is not set");
    }
}
