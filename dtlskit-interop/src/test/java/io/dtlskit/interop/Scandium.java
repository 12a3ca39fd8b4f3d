package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

import java.net.InetSocketAddress;
import java.util.Optional;

/** What the Scandium drivers share: a configuration built without touching the working directory. */
final class Scandium {
    static {
        DtlsConfig.register();
    }

    private Scandium() {
    }

    /** Scandium's version, from its jar manifest or the Maven property surefire passes. */
    static String version() {
        String v = org.eclipse.californium.scandium.DTLSConnector.class.getPackage().getImplementationVersion();
        return v != null ? v : System.getProperty("californium.version", "?");
    }

    /** Scandium's own constant for {@code suite}, or empty if it has none. */
    static Optional<org.eclipse.californium.scandium.dtls.cipher.CipherSuite> suite(CipherSuite suite) {
        return Optional.ofNullable(org.eclipse.californium.scandium.dtls.cipher.CipherSuite.getTypeByName(suite.name()));
    }

    static Optional<String> unsupported(CipherSuite suite) {
        if (suite(suite).isEmpty()) {
            String why = suite.name().startsWith("TLS_DHE_") ? "Scandium implements no DHE key exchange"
                    : suite.name().contains("CHACHA20") ? "Scandium has no ChaCha20-Poly1305 suite"
                    : "Scandium does not know this suite";
            return Optional.of(why + " (CipherSuite.getTypeByName(\"" + suite.name() + "\") is null)");
        }
        return Optional.empty();
    }

    /**
     * {@code new Configuration()} after {@code DtlsConfig.register()}, never {@code getStandard()}
     * (which writes Californium3.properties into the working directory). CBC suites are hidden
     * unless "recommended only" is off. One receiver and one connector thread each. A null
     * {@code suite} keeps Scandium's default suites and "recommended only".
     */
    static DtlsConnectorConfig.Builder config(DtlsConfig.DtlsRole role, CipherSuite suite, InetSocketAddress bind) {
        Configuration configuration = new Configuration();
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(configuration)
                .set(DtlsConfig.DTLS_ROLE, role)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
                .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1)
                .setAddress(bind);
        if (suite == null) {
            return b; // Scandium's defaults: the recommended suites its PSK store can serve
        }
        var scandiumSuite = suite(suite).orElseThrow(() -> new IllegalArgumentException(unsupported(suite).orElse("")));
        return b.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, scandiumSuite);
    }
}
