package io.dtlskit.probe;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe against dtlskit's own server, started with a known suite list, order, hint and key. */
class OwnServerProbeTest {
    @Test
    void reportsExactlyTheServersConfiguration() throws Exception {
        List<CipherSuite> configured = List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        try (DtlsServer server = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .cipherSuites(configured).identityHint("probe test hint").start()) {
            ProbeReport r = Probe.builder().target(server.localAddress())
                    .psk("Alice (clone number 0)", PskKey.qtExample()).build().run();
            System.out.println(r);
            assertThat(r.reachable()).isTrue();
        }
    }
}
