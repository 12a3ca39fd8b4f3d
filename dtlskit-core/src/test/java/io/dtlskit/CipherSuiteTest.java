package io.dtlskit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CipherSuiteTest {
    @Test
    void defaultsStartWithPlainPskGcmAndHoldTheSpecsSuites() {
        assertThat(CipherSuite.defaults().get(0)).isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        assertThat(CipherSuite.defaults()).contains(CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256);
    }

    @Test
    void parsesIanaAndOpenSslNames() {
        assertThat(CipherSuite.parse("tls_psk_with_aes_128_ccm_8")).isEqualTo(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        assertThat(CipherSuite.parse("DHE-PSK-AES256-GCM-SHA384")).isEqualTo(CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384);
        assertThatThrownBy(() -> CipherSuite.parse("RC4")).hasMessageStartingWith("unknown cipher suite 'RC4'");
    }

    @Test
    void codesMatchIana() {
        assertThat(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256.code()).isEqualTo(0x00A8);
        assertThat(CipherSuite.fromCode(0xCCAC)).isEqualTo(CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);
        assertThat(CipherSuite.nameOf(0x1234)).isEqualTo("0x1234");
    }

    @Test
    void certificateSuitesFollowThePskOnesWithCcm8First() {
        assertThat(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.code()).isEqualTo(0xC0AE);
        assertThat(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.code()).isEqualTo(0xC02F);
        var defaults = CipherSuite.defaults();
        int firstCertificate = defaults.indexOf(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        assertThat(defaults.subList(0, firstCertificate)).allMatch(CipherSuite::psk);
        assertThat(defaults.subList(firstCertificate, defaults.size())).noneMatch(CipherSuite::psk);
        assertThat(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8.psk()).isTrue();
    }
}
