package io.dtlskit.probe.internal;

import io.dtlskit.AlertException;
import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.HandshakeResult;
import io.dtlskit.HandshakeTimeoutException;
import io.dtlskit.SendResult;
import io.dtlskit.probe.ProbeReport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * With credentials: a full PSK handshake and one application-data round trip through dtlskit's
 * own {@link DtlsClient}, and the server's answer to an identity it does not know, sent with the
 * given key (RFC 4279 §2: unknown_psk_identity, or decrypt_error to hide which identities exist).
 */
final class CredentialScan {
    private static final Duration HANDSHAKE = Duration.ofSeconds(5);

    ProbeReport.Handshake handshake;
    String unknownIdentity;

    void run(Context ctx, SuiteScan suites) {
        if (!ctx.hasCredentials()) {
            handshake = new ProbeReport.Handshake(false, false, null, 0, null, new ProbeReport.Verdict(
                    "not attempted: give --psk-identity and a key for a full handshake", List.of(), List.of()));
            return;
        }
        List<CipherSuite> offer = new ArrayList<>();
        for (int code : suites.preference.isEmpty() ? suites.accepted.keySet() : suites.preference) {
            CipherSuite s = CipherSuite.fromCode(code);
            if (s != null && Catalog.isPsk(code)) { // the credentials are a PSK: certificate suites cannot use them
                offer.add(s);
            }
        }
        if (offer.isEmpty()) {
            handshake = new ProbeReport.Handshake(false, false, null, 0, null, new ProbeReport.Verdict(
                    "not attempted: dtlskit's client offers none of the accepted suites (it has "
                            + CipherSuite.defaults().stream().filter(c -> Catalog.isPsk(c.code())).count() + " PSK suites: see CipherSuite)", List.of(), List.of()));
            return;
        }
        DtlsClient client = DtlsClient.builder().pskKey(ctx.pskKey()).cipherSuites(offer).handshakeTimeout(HANDSHAKE)
                .build();
        try {
            ctx.progress("handshake with the given credentials");
            handshake = full(ctx, client);
            ctx.progress("unknown PSK identity");
            unknownIdentity = unknown(ctx, client);
        } finally {
            client.close();
        }
    }

    private ProbeReport.Handshake full(Context ctx, DtlsClient client) {
        DtlsAssociation a = client.association(ctx.target()).name("dtlskit probe").pskIdentity(ctx.pskIdentity()).connect();
        try {
            HandshakeResult r = a.handshake().get(HANDSHAKE.toMillis() + 2000, TimeUnit.MILLISECONDS);
            long sent = System.nanoTime();
            SendResult result = a.send("dtlskit probe".getBytes(StandardCharsets.US_ASCII));
            String roundTrip;
            List<String> warnings = new ArrayList<>();
            byte[] reply = result.isAccepted() ? a.receive(Duration.ofSeconds(3)) : null;
            if (!result.isAccepted()) {
                roundTrip = "our datagram was not sent (" + result.status() + ": " + result.reason() + ")";
                warnings.add(roundTrip);
            } else if (reply != null) {
                roundTrip = reply.length + " bytes back in " + (System.nanoTime() - sent) / 1_000_000L + " ms";
            } else {
                roundTrip = "no application data came back within 3 s (the server may not echo)";
                warnings.add(roundTrip);
            }
            return new ProbeReport.Handshake(true, true, r.cipherSuite(), r.elapsed().toMillis(), roundTrip,
                    new ProbeReport.Verdict("completed with " + r.cipherSuite() + " in " + r.elapsed().toMillis()
                            + " ms; " + roundTrip, warnings, List.of()));
        } catch (ExecutionException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return new ProbeReport.Handshake(true, false, null, 0, null, new ProbeReport.Verdict("failed: " + why,
                    List.of("the full handshake with the given credentials failed: " + why), List.of()));
        } catch (TimeoutException e) {
            return new ProbeReport.Handshake(true, false, null, 0, null, new ProbeReport.Verdict("timed out",
                    List.of("the full handshake did not finish in " + HANDSHAKE.toSeconds() + " s"), List.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeReport.Handshake(true, false, null, 0, null, new ProbeReport.Verdict("interrupted", List.of(), List.of()));
        } finally {
            a.close();
        }
    }

    private String unknown(Context ctx, DtlsClient client) {
        byte[] tag = new byte[4];
        ctx.random().nextBytes(tag);
        String identity = "dtlskit-probe-unknown-" + HexFormat.of().formatHex(tag);
        DtlsAssociation a = client.association(ctx.target()).name("dtlskit probe (unknown identity)")
                .pskIdentity(identity).connect();
        try {
            a.handshake().get(HANDSHAKE.toMillis() + 2000, TimeUnit.MILLISECONDS);
            return "accepted: the handshake completed with identity '" + identity + "' (the server accepts any identity)";
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof AlertException ae && ae.receivedFromPeer()) {
                return "alert " + ae.description();
            }
            if (c instanceof HandshakeTimeoutException) {
                return "no alert: the handshake timed out (the server drops it silently)";
            }
            return "failed without an alert from the server: " + (c != null ? c.getMessage() : e.getMessage());
        } catch (TimeoutException e) {
            return "no answer within " + HANDSHAKE.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            a.close();
        }
    }
}
