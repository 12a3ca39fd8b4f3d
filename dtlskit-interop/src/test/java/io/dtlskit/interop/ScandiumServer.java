package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.testing.EventLog;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Scandium's {@link DTLSConnector} as an in-process echo server with one known identity. Receipt
 * and close_notify are observed through its data channel and alert handler.
 */
final class ScandiumServer implements PeerServer {
    private final EventLog<String> received = new EventLog<>();
    private final EventLog<AlertMessage.AlertDescription> alerts = new EventLog<>();
    private volatile String cipher;
    private DTLSConnector connector;
    private CipherSuite suite;

    @Override
    public String peer() {
        return "Scandium";
    }

    @Override
    public Optional<String> unsupported(CipherSuite suite) {
        return Scandium.unsupported(suite);
    }

    @Override
    public InetSocketAddress start(CipherSuite suite) throws Exception {
        this.suite = suite;
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey(Peers.IDENTITY, java.util.HexFormat.of().parseHex(Peers.KEY_HEX));
        connector = new DTLSConnector(Scandium.config(DtlsConfig.DtlsRole.SERVER_ONLY, suite, Peers.loopback(0))
                .setAdvancedPskStore(psk).build());
        connector.setRawDataReceiver(data -> {
            cipher = data.getEndpointContext().get(DtlsEndpointContext.KEY_CIPHER);
            received.add(new String(data.getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
            connector.send(RawData.outbound(data.getBytes(), data.getEndpointContext(), null, false)); // echo
        });
        connector.setAlertHandler((peer, alert) -> alerts.add(alert.getDescription()));
        connector.start();
        return connector.getAddress();
    }

    @Override
    public void awaitReceived(String plaintext, Duration timeout) {
        received.await(plaintext::equals, timeout, "Scandium server to receive '" + plaintext + "'");
        if (suite != null && !suite.name().equals(cipher)) {
            throw new AssertionError("Scandium server negotiated " + cipher + ", expected " + suite.name());
        }
    }

    @Override
    public Expected reply(int n, String ping) {
        return Expected.exactly(ping);
    }

    @Override
    public void awaitClosed(Duration timeout) {
        alerts.await(d -> d == AlertMessage.AlertDescription.CLOSE_NOTIFY, timeout, "close_notify at the Scandium server");
    }

    /** The suite Scandium reports for the last message, as its IANA name. */
    String cipher() {
        return cipher;
    }

    @Override
    public void close() {
        if (connector != null) {
            connector.destroy();
        }
    }
}
