package io.dtlskit.app.gui;

import io.dtlskit.PskKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectFormTest {
    @Test
    void emptyHostGivesQtsWarning() {
        for (String host : new String[] {"", "   ", null}) {
            ConnectForm.Result r = ConnectForm.validate(host, "22334", "", new char[0], "5000");
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).isEqualTo("Host name or address required to connect");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"65536", "-1", "100000"})
    void portOutOfRangeIsRefusedWithTheValue(String port) {
        ConnectForm.Result r = ConnectForm.validate("localhost", port, "", null, "5000");
        assertThat(r.error()).isEqualTo("Server port must be from 0 to 65535, was " + port);
    }

    @Test
    void portMustBeANumber() {
        assertThat(ConnectForm.validate("localhost", "22x", "", null, "5000").error())
                .isEqualTo("Server port must be a number from 0 to 65535, was '22x'");
    }

    @Test
    void validInputGivesSettingsWithDefaultsForBlankIdentityAndKey() {
        ConnectForm.Result r = ConnectForm.validate(" 127.0.0.1 ", "0", "  ", "".toCharArray(), "1,000");
        assertThat(r.ok()).isTrue();
        ConnectSettings s = r.settings();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isZero();
        assertThat(s.pskIdentity()).isEmpty();
        assertThat(s.pskKey()).isNull();
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aKeyIsParsedAndTheFieldCharactersAreWiped() {
        char[] typed = "0a0b0c0d".toCharArray();
        ConnectForm.Result r = ConnectForm.validate("h", "65535", "dev-7", typed, "0");
        assertThat(r.settings().pskKey().sameAs(PskKey.ofHex("0a0b0c0d"))).isTrue();
        assertThat(typed).containsOnly('\0');
        assertThat(r.settings().pskIdentity()).isEqualTo("dev-7");
        assertThat(r.settings().toString()).doesNotContain("0a0b0c0d").contains("PskKey[4 bytes]");
    }

    @Test
    void aBadKeyIsNamedWithoutQuotingIt() {
        char[] typed = "secretzz".toCharArray();
        ConnectForm.Result r = ConnectForm.validate("h", "1", "", typed, "0");
        assertThat(r.error()).isEqualTo("PSK key is not hexadecimal").doesNotContain("secret");
        assertThat(typed).containsOnly('\0');
        assertThat(ConnectForm.validate("h", "1", "", "abc".toCharArray(), "0").error())
                .isEqualTo("PSK key has an odd number of hex digits (3)");
    }

    @Test
    void pingIntervalIsChecked() {
        assertThat(ConnectForm.validate("h", "1", "", null, "-5").error())
                .isEqualTo("Ping interval must be from 0 (off) to 3600000 ms, was -5");
        assertThat(ConnectForm.validate("h", "1", "", null, "soon").error())
                .isEqualTo("Ping interval must be a number of milliseconds, was 'soon'");
    }

    @Test
    void addressLiteralsConnectAtOnceNamesAreLookedUp() {
        assertThat(ConnectForm.isAddressLiteral("127.0.0.1")).isTrue();
        assertThat(ConnectForm.isAddressLiteral("198.51.100.2")).isTrue();
        assertThat(ConnectForm.isAddressLiteral("::1")).isTrue();
        assertThat(ConnectForm.isAddressLiteral("fe80::1%2")).isTrue();
        assertThat(ConnectForm.isAddressLiteral("[2001:db8::1]")).isTrue();
        assertThat(ConnectForm.isAddressLiteral("256.1.1.1")).isFalse();
        assertThat(ConnectForm.isAddressLiteral("localhost")).isFalse();
        assertThat(ConnectForm.isAddressLiteral("example.org")).isFalse();
        assertThat(ConnectForm.isAddressLiteral("1.2.3")).isFalse();
    }
}
