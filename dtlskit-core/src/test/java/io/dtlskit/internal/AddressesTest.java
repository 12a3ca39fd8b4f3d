package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressesTest {
    @Test
    void formatsLikeQHostAddress() throws Exception {
        assertThat(Addresses.hostPort(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 53124)))
                .isEqualTo("127.0.0.1:53124");
        assertThat(Addresses.host(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(Addresses.host(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.host(InetAddress.getByName("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
        assertThat(Addresses.host(InetAddress.getByName("1:2:3:4:5:6:7:8"))).isEqualTo("1:2:3:4:5:6:7:8");
        // Qt writes IPv6 without brackets inside "to (%1:%2): ACK"
        assertThat(Addresses.peerInfo(new InetSocketAddress(InetAddress.getByName("::1"), 5))).isEqualTo("(::1:5)");
    }

    @Test
    void parsesHostPortForms() {
        assertThat(Addresses.parse("127.0.0.1:22334", -1).getPort()).isEqualTo(22334);
        assertThat(Addresses.parse("[::1]:5684", -1).getAddress().isLoopbackAddress()).isTrue();
        assertThat(Addresses.parse("localhost", 22334).getPort()).isEqualTo(22334);
        assertThatThrownBy(() -> Addresses.parse("127.0.0.1:70000", -1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Addresses.parse("127.0.0.1:x", -1)).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> Addresses.parse(":80", -1)).hasMessageContaining("missing host");
    }
}
