package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsUtils;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Authentication, read from the flights of the accepted suites: the PSK identity hint from the
 * ServerKeyExchange (RFC 4279 §2; RFC 5489 §2 for ECDHE-PSK), the certificate chain, a
 * CertificateRequest (RFC 5246 §7.4.4), and a raw public key when offered (RFC 7250 §4.1).
 */
final class AuthScan {
    ProbeReport.Authentication run(Context ctx, SuiteScan suites) {
        List<String> methods = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String hint = null;
        List<ProbeReport.CertificateSummary> chain = List.of();
        String rpk = null;
        boolean requested = false;
        Integer certSuite = null;
        Integer rpkSuite = null;
        for (Map.Entry<Integer, Attempt> e : suites.accepted.entrySet()) {
            int code = e.getKey();
            Flight f = e.getValue().flight();
            String auth = Catalog.authentication(code);
            if (auth.startsWith("PSK") && !methods.contains("PSK")) {
                methods.add("PSK");
                hint = hint(code, f);
            }
            if (!auth.equals("PSK")) {
                Flight.Message cert = f.message(HandshakeType.certificate);
                Short type = certificateType(e.getValue().serverHello(), notes);
                if (cert != null && type != null && type == CertificateType.RawPublicKey && rpk == null) {
                    rpk = Certificates.rawPublicKey(cert.body());
                    rpk = rpk != null ? rpk : "negotiated, but no key was readable";
                    methods.add("raw public key");
                    rpkSuite = code;
                } else if (cert != null && type != null && type == CertificateType.X509 && certSuite == null) {
                    chain = Certificates.chain(cert.body());
                    methods.add("certificate");
                    certSuite = code;
                }
            }
            requested |= f.message(HandshakeType.certificate_request) != null;
        }
        if (rpkSuite != null && certSuite == null) {
            // The scan offered RawPublicKey first; a server holding both may also serve X.509 to a
            // client that does not ask for a raw key (RFC 7250 §4.2: X.509 is the default).
            ctx.progress("authentication: X.509 certificate");
            Attempt a = ctx.attempt(ctx.hello(suites.version, new int[] {rpkSuite},
                    EnumSet.of(Hello.Extra.EMS, Hello.Extra.ETM)));
            Flight.Message cert = a.flight().message(HandshakeType.certificate);
            if (cert != null && a.serverHello() != null && a.serverHello().getCipherSuite() == rpkSuite) {
                chain = Certificates.chain(cert.body());
                if (!chain.isEmpty()) {
                    methods.add("certificate");
                    certSuite = rpkSuite;
                }
            }
        }
        for (ProbeReport.CertificateSummary c : chain) {
            if (c.keyType().equals("RSA") && c.keyBits() < 2048) {
                warnings.add("certificate key RSA " + c.keyBits() + " bits (< 2048)");
            }
            if (c.signatureAlgorithm().toUpperCase().contains("SHA1") || c.signatureAlgorithm().toUpperCase().contains("MD5")) {
                warnings.add("certificate signed with " + c.signatureAlgorithm());
            }
            if (java.time.Instant.parse(c.notAfter()).isBefore(java.time.Instant.now())) {
                warnings.add("certificate expired " + c.notAfter());
            }
        }
        String client = requested ? "requested" : "not requested";
        if (requested && certSuite != null) {
            // Only a finished handshake tells: send an empty Certificate and see (RFC 5246 §7.4.6).
            ctx.progress("authentication: is a client certificate required?");
            BcHandshake.Result h = BcHandshake.run(ctx, suites.version, certSuite, null);
            if (h.completed()) {
                client = "optional";
                notes.add("a handshake without a client certificate completed");
            } else if (h.certificateRequested()) {
                client = "required";
                notes.add("a handshake without a client certificate failed: " + h.failure());
            } else {
                notes.add("could not tell required from optional: the test handshake failed before the request (" + h.failure() + ")");
            }
        } else if (requested) {
            // The test handshake is an X.509 one (Bouncy Castle's client in the probe offers no raw key).
            notes.add("could not tell required from optional: the server serves only a raw public key, and the"
                    + " probe tells them apart with an X.509 handshake");
        }
        String verdict = methods.isEmpty() ? "no accepted suite to read authentication from"
                : String.join(" + ", methods) + (hint != null ? ", hint '" + hint + "'" : "")
                + (chain.isEmpty() ? "" : ", chain of " + chain.size()) + ", client certificate " + client;
        return new ProbeReport.Authentication(methods, hint, chain, rpk, client,
                new ProbeReport.Verdict(verdict, warnings, notes));
    }

    /** The server_certificate_type the ServerHello chose (RFC 7250 §4.2: absent means X.509), or null if unreadable. */
    private static Short certificateType(ServerHello sh, List<String> notes) {
        if (sh == null) {
            return null;
        }
        try {
            return sh.getExtensions() == null ? CertificateType.X509
                    : TlsExtensionsUtils.getServerCertificateTypeExtensionServer(sh.getExtensions(), CertificateType.X509);
        } catch (java.io.IOException ex) {
            if (!notes.contains(MALFORMED)) {
                notes.add(MALFORMED);
            }
            return null;
        }
    }

    private static final String MALFORMED = "malformed server_certificate_type in the ServerHello";

    /** The identity hint, or null: plain PSK sends a ServerKeyExchange only to carry one (RFC 4279 §2). */
    private static String hint(int code, Flight f) {
        Flight.Message ske = f.message(HandshakeType.server_key_exchange);
        int kx = TlsUtils.getKeyExchangeAlgorithm(code);
        if (ske == null || !(kx == KeyExchangeAlgorithm.PSK || kx == KeyExchangeAlgorithm.DHE_PSK
                || kx == KeyExchangeAlgorithm.ECDHE_PSK || kx == KeyExchangeAlgorithm.RSA_PSK)) {
            return null;
        }
        try {
            byte[] h = TlsUtils.readOpaque16(new ByteArrayInputStream(ske.body()));
            return h.length == 0 ? null : new String(h, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
