package io.dtlskit.internal;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;

/**
 * What every Bouncy Castle peer of dtlskit does the same way, client or server, PSK or (later)
 * certificates: DTLS 1.2 only, our suites and timers, alerts reported, the key log written. Each peer
 * class extends the Bouncy Castle class it must and forwards these overrides here in one line each, so
 * a new kind of peer (certificates, Connection ID) adds its own overrides and shares the rest.
 */
public final class PeerPolicy {
    /** Alerts as the peer classes report them; called on the association's thread. */
    public interface Alerts {
        void alertReceived(short level, short description);

        default void alertRaised(short level, short description, String message) {
        }

        /** A side feature (the key log) failed; the handshake goes on. */
        default void sideWarning(String text) {
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerPolicy.class);

    private final PeerSettings settings;
    private final Alerts alerts;

    public PeerPolicy(PeerSettings settings, Alerts alerts) {
        this.settings = settings;
        this.alerts = alerts;
    }

    /** DTLS 1.2 only: PSKTlsClient/PSKTlsServer default to TLS versions (docs/bouncy-castle.md #2). */
    public ProtocolVersion[] versions() {
        return PeerSettings.VERSIONS;
    }

    /** The configured suites this crypto provider can do, in preference order. */
    public int[] suites(TlsCrypto crypto) {
        return settings.suiteCodes(crypto);
    }

    /** Bouncy Castle never gives up by default (docs/bouncy-castle.md #4). */
    public int handshakeTimeoutMillis() {
        return settings.handshakeTimeoutMillis();
    }

    /** RFC 6347 §4.2.4.1: the first retransmission timer, doubled up to 60 s by Bouncy Castle. */
    public int resendMillis() {
        return settings.initialResendMillis();
    }

    public void alertReceived(short level, short description) {
        alerts.alertReceived(level, description);
    }

    public void alertRaised(short level, short description, String message, Throwable cause) {
        if (cause != null) {
            LOG.debug("raising alert {}: {}", AlertDescription.getText(description), message, cause);
        }
        alerts.alertRaised(level, description, message);
    }

    /** Writes the key log line for the completed handshake, if a key log is configured. */
    public void handshakeComplete(TlsContext context) throws IOException {
        if (settings.keyLog() != null) {
            String warning = settings.keyLog().log(context);
            if (warning != null) {
                alerts.sideWarning(warning); // once: the key log has stopped, the association carries on
            }
        }
    }

    /** The negotiated suite's code (valid once the handshake is complete). */
    public static int negotiatedSuite(TlsContext context) {
        return context.getSecurityParametersConnection().getCipherSuite();
    }
}
