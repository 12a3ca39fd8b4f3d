package io.dtlskit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PskStoreTest {
    @Test
    void singleKeyServesEveryIdentity() {
        PskKey key = PskKey.ofHex("0a0b");
        PskStore store = PskStore.single(key);
        assertThat(store.key("anyone")).isSameAs(key);
        assertThat(store.key("")).isSameAs(key);
    }

    @Test
    void fileOfIdentityColonHexkeyLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "# devices\nsensor-1:0a0b0c\n\n  urn:dev:ops:32473-Foo:1a2b3c4d  \n");
        PskStore store = PskStore.fromFile(f);
        assertThat(store.key("sensor-1").sameAs(PskKey.ofHex("0a0b0c"))).isTrue();
        assertThat(store.key("urn:dev:ops:32473-Foo").sameAs(PskKey.ofHex("1a2b3c4d"))).as("identity up to the last colon").isTrue();
        assertThat(store.key("sensor-2")).isNull();
    }

    @Test
    void badLinesNameTheLineNeverTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "a:0a0b\nb:secretzz\n");
        assertThatThrownBy(() -> PskStore.fromFile(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageNotContaining("secretzz");
        Files.writeString(f, "no colon here\n");
        assertThatThrownBy(() -> PskStore.fromFile(f)).hasMessageContaining("line 1: expected identity:hexkey");
        Files.writeString(f, "a:0a0b\na:0c0d\n");
        assertThatThrownBy(() -> PskStore.fromFile(f)).hasMessageContaining("line 2: identity 'a' appears twice");
        Files.writeString(f, "# nothing\n");
        assertThatThrownBy(() -> PskStore.fromFile(f)).hasMessageContaining("holds no identity:hexkey line");
    }
}
