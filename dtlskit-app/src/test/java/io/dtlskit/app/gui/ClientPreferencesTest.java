package io.dtlskit.app.gui;

import io.dtlskit.PskKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

class ClientPreferencesTest {
    final Preferences node = Preferences.userRoot().node("io/dtlskit/test/" + UUID.randomUUID());

    @AfterEach
    void removeNode() throws Exception {
        node.removeNode();
    }

    @Test
    void defaultsWhenNothingWasRemembered() {
        ClientPreferences p = new ClientPreferences(node);
        assertThat(p.host("localhost")).isEqualTo("localhost");
        assertThat(p.port(22334)).isEqualTo(22334);
        assertThat(p.identity()).isEmpty();
        assertThat(p.pingInterval(Duration.ofMillis(5000))).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void remembersEverythingButTheKey() throws Exception {
        ClientPreferences p = new ClientPreferences(node);
        p.remember(new ConnectSettings("198.51.100.2", 4433, "dev-7", PskKey.ofHex("00112233445566778899"),
                Duration.ofMillis(750)));
        ClientPreferences again = new ClientPreferences(node);
        assertThat(again.host("x")).isEqualTo("198.51.100.2");
        assertThat(again.port(1)).isEqualTo(4433);
        assertThat(again.identity()).isEqualTo("dev-7");
        assertThat(again.pingInterval(Duration.ZERO)).isEqualTo(Duration.ofMillis(750));
        assertThat(node.keys()).containsExactlyInAnyOrder("host", "port", "pskIdentity", "pingIntervalMillis");
        for (String k : node.keys()) {
            assertThat(node.get(k, "")).doesNotContain("00112233445566778899");
        }
    }

    @Test
    void aCorruptPortFallsBack() {
        node.putInt("port", 70000);
        assertThat(new ClientPreferences(node).port(22334)).isEqualTo(22334);
    }
}
