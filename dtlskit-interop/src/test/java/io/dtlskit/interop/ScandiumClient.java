package io.dtlskit.interop;

import io.dtlskit.CipherSuite;
import io.dtlskit.testing.EventLog;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/** Scandium's {@link DTLSConnector} in-process as a client: the first send starts the handshake. */
final class ScandiumClient implements PeerClient {
    private final EventLog<String> received = new EventLog<>();
    private volatile String cipher;
    private DTLSConnector connector;
    private InetSocketAddress server;
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
    public void start(InetSocketAddress server, CipherSuite suite, String keyHex) throws Exception {
        this.server = server;
        this.suite = suite;
        connector = new DTLSConnector(Scandium.config(DtlsConfig.DtlsRole.CLIENT_ONLY, suite, Peers.loopback(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(Peers.IDENTITY, HexFormat.of().parseHex(keyHex)))
                .build());
        connector.setRawDataReceiver(data -> {
            cipher = data.getEndpointContext().get(DtlsEndpointContext.KEY_CIPHER);
            received.add(new String(data.getBytes(), StandardCharsets.ISO_8859_1));
        });
        connector.start();
    }

    @Override
    public PeerServer.Expected sendPing(int n) {
        String text = PeerClient.ping("Scandium", n);
        connector.send(RawData.outbound(text.getBytes(StandardCharsets.ISO_8859_1), new AddressEndpointContext(server),
                null, false));
        return PeerServer.Expected.exactly(text);
    }

    @Override
    public void awaitReply(int n, Duration timeout) {
        received.awaitCount(t -> t.endsWith("): ACK"), n + 1, timeout, "our ACK at the Scandium client");
        if (suite != null && !suite.name().equals(cipher)) {
            throw new AssertionError("Scandium client negotiated " + cipher + ", expected " + suite.name());
        }
    }

    @Override
    public void closeNotify() {
        connector.close(server); // graceful: sends close_notify
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
