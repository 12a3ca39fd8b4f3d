package io.dtlskit.internal;

import io.dtlskit.AlertException;
import io.dtlskit.DtlsException;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.TransportException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/** Maps what Bouncy Castle throws to the {@link DtlsException} family, with a hint where one helps. */
public final class Failures {
    private Failures() {
    }

    /** What the client knew when its handshake failed, for the hint. */
    public record ClientFacts(String name, Duration timeout, int retransmissions, HandshakeStep step,
                              boolean peerChangedCipher, boolean portUnreachable, long datagramsReceived,
                              String server) {
    }

    public static DtlsException clientHandshake(Throwable e, ClientFacts f) {
        return clientHandshake(e, f, null);
    }

    /** With the certificate hooks of the handshake (null for PSK only), for hints about certificates. */
    public static DtlsException clientHandshake(Throwable e, ClientFacts f, CertificateHooks.Client certificates) {
        String name = f.name();
        if (e instanceof TlsTimeoutException) {
            String hint;
            if (f.step() == HandshakeStep.PSK_PROVIDED && f.peerChangedCipher()) {
                // The server's ChangeCipherSpec means it accepted our Finished: the key was right.
                hint = "the server's Finished never got through: a lossy network?";
            } else if (f.step() == HandshakeStep.PSK_PROVIDED) {
                hint = "the server never answered our Finished: wrong PSK key or identity?";
            } else if (f.portUnreachable()) {
                hint = "ICMP port unreachable: nothing listens on " + f.server();
            } else if (f.datagramsReceived() == 0) {
                hint = "no answer at all: is a DTLS server listening on " + f.server() + "?";
            } else {
                hint = null;
            }
            return new HandshakeTimeoutException(name, f.timeout(), f.retransmissions(), f.step().text(), hint);
        }
        if (e instanceof TlsFatalAlertReceived received) {
            String alert = alertName(received.getAlertDescription());
            String certificateHint = certificates == null ? null
                    : PeerAuth.receivedAlertHint(received.getAlertDescription(), certificates.askedWithoutCertificate());
            return new AlertException(name, name + ": handshake error - server sent fatal alert " + alert
                    + (certificateHint != null ? " (" + certificateHint + ")" : pskHint(received.getAlertDescription())),
                    alert, true, e);
        }
        if (e instanceof TlsFatalAlert raised) {
            String alert = alertName(raised.getAlertDescription());
            Throwable cause = raised.getCause();
            String detail = cause != null ? describe(cause) : PeerAuth.alertDetail(raised);
            return new AlertException(name, name + ": handshake error - " + alert
                    + (detail != null && !detail.startsWith(alert) ? " (" + detail + ")" : ""), alert, false, e);
        }
        return new TransportException(name, name + ": handshake error - " + describe(e), e);
    }

    /** A server-side handshake failure; {@code identity} is null until the client named one. */
    public static DtlsException serverHandshake(Throwable e, String who, Duration timeout, String identity) {
        return serverHandshake(e, who, timeout, identity, false, 0);
    }

    /**
     * With {@code certificates} true when the server has certificate settings, for hints about them,
     * and {@code retransmissions}, the flights the server resent.
     */
    public static DtlsException serverHandshake(Throwable e, String who, Duration timeout, String identity,
                                                boolean certificates, int retransmissions) {
        if (e instanceof TlsTimeoutException) {
            return new HandshakeTimeoutException(who, timeout, retransmissions,
                    identity == null ? "ServerHello sent" : "PSK identity received",
                    identity == null ? null : "client did not finish: wrong PSK key?");
        }
        if (e instanceof TlsFatalAlertReceived r) {
            String alert = alertName(r.getAlertDescription());
            String hint = certificates ? PeerAuth.receivedAlertHint(r.getAlertDescription(), false) : null;
            return new AlertException(who, who + ": handshake error - client sent fatal alert " + alert
                    + (hint == null ? "" : " (" + hint + ")"), alert, true, e);
        }
        if (e instanceof TlsFatalAlert a) {
            String alert = alertName(a.getAlertDescription());
            String hint = switch (a.getAlertDescription()) {
                case AlertDescription.decrypt_error, AlertDescription.bad_record_mac -> " (wrong PSK key?)";
                case AlertDescription.unknown_psk_identity -> " (identity '" + identity + "' has no key)";
                default -> "";
            };
            String detail = PeerAuth.alertDetail(a); // our certificate checks' reason and hint
            if (detail != null) {
                hint = " (" + detail + ")";
            }
            return new AlertException(who, who + ": handshake error - " + alert + hint, alert, false, e);
        }
        return new TransportException(who, who + ": handshake error - " + describe(e), e);
    }

    /** A fatal alert received after the handshake. */
    public static AlertException alertReceived(String name, TlsFatalAlertReceived e) {
        String alert = alertName(e.getAlertDescription());
        return new AlertException(name, name + ": fatal alert received - " + alert, alert, true, e);
    }

    public static String alertName(short description) {
        return AlertDescription.getName(description);
    }

    private static String pskHint(short description) {
        return switch (description) {
            case AlertDescription.decrypt_error, AlertDescription.bad_record_mac, AlertDescription.handshake_failure ->
                    " (wrong PSK key?)";
            case AlertDescription.unknown_psk_identity -> " (the server does not know our PSK identity)";
            default -> "";
        };
    }

    public static String describe(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
