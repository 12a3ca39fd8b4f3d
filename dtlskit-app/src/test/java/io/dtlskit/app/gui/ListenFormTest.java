package io.dtlskit.app.gui;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ListenFormTest {
    @Test
    void acceptsAnAddressAndPort() throws Exception {
        ListenForm.Result r = ListenForm.validate("127.0.0.1", "22334");
        assertThat(r.address()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 22334));
        assertThat(ListenForm.validate("[::1]", "0").address().getAddress()).isEqualTo(InetAddress.getByName("::1"));
    }

    @Test
    void refusesWhatCannotBeBound() {
        assertThat(ListenForm.validate("", "1").error()).isEqualTo("An address to listen on is required");
        assertThat(ListenForm.validate("my-host", "1").error()).isEqualTo("'my-host' is not an IP address of this machine");
        assertThat(ListenForm.validate("127.0.0.1", "65536").error()).isEqualTo("Port must be from 0 to 65535, was 65536");
        assertThat(ListenForm.validate("127.0.0.1", "").error()).isEqualTo("Port must be a number from 0 to 65535, was ''");
    }
}
