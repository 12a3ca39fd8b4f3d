package io.dtlskit.bench.stacks;

import io.dtlskit.CipherSuite;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Scandium configuration shared by the baseline client and server. Built from
 * {@code DtlsConfig.register(); new Configuration()}: {@code Configuration.getStandard()} would write
 * {@code Californium3.properties} into the working directory. Timers match dtlskit's (1 s initial
 * retransmission), cookies (HelloVerifyRequest) are on for PSK as in dtlskit, thread counts are set.
 */
final class Californium {
    static {
        DtlsConfig.register();
    }

    private Californium() {
    }

    static DtlsConnectorConfig.Builder config(DtlsConfig.DtlsRole role, InetSocketAddress bind, CipherSuite suite,
                                              int receiverThreads, int connectorThreads, int maxConnections) {
        Configuration configuration = new Configuration();
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(configuration)
                .setAddress(bind)
                .set(DtlsConfig.DTLS_ROLE, role)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, receiverThreads)
                .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, connectorThreads)
                .set(DtlsConfig.DTLS_MAX_CONNECTIONS, maxConnections)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true)
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST_FOR_PSK, true)
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, scandiumSuite(suite))
                .setAdvancedPskStore(new AdvancedSinglePskStore(Keys.IDENTITY, Keys.KEY.clone()));
        return b;
    }

    static org.eclipse.californium.scandium.dtls.cipher.CipherSuite scandiumSuite(CipherSuite suite) {
        org.eclipse.californium.scandium.dtls.cipher.CipherSuite s =
                org.eclipse.californium.scandium.dtls.cipher.CipherSuite.getTypeByCode(suite.code());
        if (s == null || !s.isSupported()) {
            throw new IllegalArgumentException("Scandium 3.14 does not support " + suite.name() + " here");
        }
        return s;
    }
}
