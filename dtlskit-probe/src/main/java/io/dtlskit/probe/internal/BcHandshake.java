package io.dtlskit.probe.internal;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsPSKIdentity;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A complete handshake by Bouncy Castle's own DTLS client, for what only a finished handshake
 * shows: whether a requested client certificate is required (RFC 5246 §7.4.6: the client may send
 * none; the server then decides), and whether the server resumes a session by its ID (RFC 5246
 * §7.4.1.2). The server's certificate is read, never trusted: the probe authenticates nobody, and
 * closes each connection with close_notify.
 */
final class BcHandshake {
    /** What happened: completed, or the alert / reason it failed; resumed; the session to resume next. */
    record Result(boolean completed, String failure, boolean certificateRequested, boolean resumed, TlsSession session) {
    }

    private BcHandshake() {
    }

    static Result run(Context ctx, ProtocolVersion version, int suite, TlsSession resume) {
        Client client = new Client(ctx, version, suite, resume);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ctx.target().getAddress().isLoopbackAddress()
                ? ctx.target().getAddress() : null, 0))) {
            socket.connect(ctx.target());
            DTLSTransport t = new DTLSClientProtocol().connect(client, new UDPTransport(socket, 1500));
            t.close();
            return new Result(true, null, client.requested, client.resumed, client.session);
        } catch (TlsFatalAlertReceived e) {
            return new Result(false, "alert " + AlertDescription.getName(e.getAlertDescription()), client.requested, false, null);
        } catch (TlsFatalAlert e) {
            return new Result(false, "our side raised " + AlertDescription.getName(e.getAlertDescription())
                    + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""), client.requested, false, null);
        } catch (SocketTimeoutException e) {
            return new Result(false, "no answer", client.requested, false, null);
        } catch (IOException | RuntimeException e) {
            return new Result(false, e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : ""),
                    client.requested, false, null);
        }
    }

    /** Offers exactly one suite; PSK credentials only if given (a copy of the key each time: BC zeroes it). */
    private static final class Client extends PSKTlsClient {
        private final ProtocolVersion version;
        private final int suite;
        private final TlsSession resume;
        volatile boolean requested;
        volatile boolean resumed;
        volatile TlsSession session;

        Client(Context ctx, ProtocolVersion version, int suite, TlsSession resume) {
            super(new BcTlsCrypto(new SecureRandom()), new TlsPSKIdentity() {
                @Override
                public void skipIdentityHint() {
                }

                @Override
                public void notifyIdentityHint(byte[] hint) {
                }

                @Override
                public byte[] getPSKIdentity() {
                    return (ctx.pskIdentity() != null ? ctx.pskIdentity() : "dtlskit-probe").getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public byte[] getPSK() {
                    return ctx.pskKey() != null ? ctx.pskKey().copy() : new byte[16];
                }
            });
            this.version = version;
            this.suite = suite;
            this.resume = resume;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return version.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return 5000;
        }

        @Override
        public TlsSession getSessionToResume() {
            return resume;
        }

        @Override
        public void notifySecureRenegotiation(boolean secure) {
            // BC never renegotiates DTLS: a server without RFC 5746 is reported, not refused.
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate certificate) {
                    // Read by the probe from the raw flight; not validated here.
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    requested = true;
                    return null; // an empty Certificate message: RFC 5246 §7.4.6
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            resumed = context.getSecurityParametersConnection().isResumedSession();
            session = context.getSession();
        }
    }
}
