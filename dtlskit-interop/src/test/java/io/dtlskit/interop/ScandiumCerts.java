package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.testing.EventLog;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * Scandium in-process with an X.509 certificate or a raw public key (RFC 7250): a server that echoes,
 * or a client whose first send starts the handshake. It trusts the test CA, or exactly one raw key.
 */
final class ScandiumCerts implements AutoCloseable {
    final EventLog<String> received = new EventLog<>();
    private final DTLSConnector connector;

    /** @param trustedRaw the one raw key it trusts, or null to trust the CA's certificates */
    private ScandiumCerts(DtlsConfig.DtlsRole role, X509Certificate[] chain, KeyPair raw, X509Certificate ca,
                          java.security.PublicKey trustedRaw, boolean requireClient) {
        var config = Scandium.config(role, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, Peers.loopback(0))
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        requireClient ? CertificateAuthenticationMode.NEEDED : CertificateAuthenticationMode.NONE)
                .set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false);
        config.setCertificateIdentityProvider(chain != null
                ? new SingleCertificateProvider(raw.getPrivate(), chain, CertificateType.X_509)
                : new SingleCertificateProvider(raw.getPrivate(), raw.getPublic()));
        if (role == DtlsConfig.DtlsRole.CLIENT_ONLY || requireClient) { // Scandium refuses an unused verifier
            var verifier = StaticNewAdvancedCertificateVerifier.builder();
            if (trustedRaw != null) {
                verifier.setTrustedRPKs(new RawPublicKeyIdentity(trustedRaw));
            } else {
                verifier.setTrustedCertificates(ca);
            }
            config.setAdvancedCertificateVerifier(verifier.build());
        }
        connector = new DTLSConnector(config.build());
        boolean echo = role == DtlsConfig.DtlsRole.SERVER_ONLY;
        connector.setRawDataReceiver(data -> {
            received.add(new String(data.getBytes(), StandardCharsets.ISO_8859_1));
            if (echo) {
                connector.send(RawData.outbound(data.getBytes(), data.getEndpointContext(), null, false));
            }
        });
    }

    static ScandiumCerts x509Server(CertFiles f, boolean requireClient) throws Exception {
        ScandiumCerts s = new ScandiumCerts(DtlsConfig.DtlsRole.SERVER_ONLY,
                new X509Certificate[] {f.certs.server.certificate(), f.certs.ca.certificate()}, f.certs.server.keys(),
                f.certs.ca.certificate(), null, requireClient);
        s.connector.start();
        return s;
    }

    static ScandiumCerts rawServer(CertFiles f, java.security.PublicKey trustedClient) throws Exception {
        ScandiumCerts s = new ScandiumCerts(DtlsConfig.DtlsRole.SERVER_ONLY, null, f.serverRaw, null,
                trustedClient == null ? f.clientRaw.getPublic() : trustedClient, trustedClient != null);
        s.connector.start();
        return s;
    }

    static ScandiumCerts x509Client(CertFiles f) throws Exception {
        ScandiumCerts s = new ScandiumCerts(DtlsConfig.DtlsRole.CLIENT_ONLY,
                new X509Certificate[] {f.certs.client.certificate(), f.certs.ca.certificate()}, f.certs.client.keys(),
                f.certs.ca.certificate(), null, false);
        s.connector.start();
        return s;
    }

    static ScandiumCerts rawClient(CertFiles f) throws Exception {
        ScandiumCerts s = new ScandiumCerts(DtlsConfig.DtlsRole.CLIENT_ONLY, null, f.clientRaw, null,
                f.serverRaw.getPublic(), false);
        s.connector.start();
        return s;
    }

    InetSocketAddress address() {
        return connector.getAddress();
    }

    void send(InetSocketAddress to, String text) {
        connector.send(RawData.outbound(text.getBytes(StandardCharsets.ISO_8859_1), new AddressEndpointContext(to), null, false));
    }

    String await(java.util.function.Predicate<String> what, Duration timeout, String description) {
        return received.await(what, timeout, description);
    }

    @Override
    public void close() {
        connector.destroy();
    }

}
