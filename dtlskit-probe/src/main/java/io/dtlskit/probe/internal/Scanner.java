package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.ProtocolVersion;

import java.util.ArrayList;
import java.util.List;

/** Runs the sections in order and assembles the report. */
public final class Scanner {
    private Scanner() {
    }

    public static ProbeReport run(Context ctx, String targetText) {
        long start = System.nanoTime();
        VersionScan versions = new VersionScan();
        versions.run(ctx);
        if (!versions.reachable) {
            return unreachable(targetText, versions, start);
        }
        ProtocolVersion v = versions.result.accepts("DTLS 1.2") || !versions.result.accepts("DTLS 1.0")
                ? ProtocolVersion.DTLSv12 : ProtocolVersion.DTLSv10;
        SuiteScan suites = new SuiteScan();
        suites.run(ctx, v);
        Attempt first = v == ProtocolVersion.DTLSv12 ? versions.first12 : versions.first10;
        ProbeReport.Authentication auth = new AuthScan().run(ctx, suites);
        ExtensionScan ext = new ExtensionScan();
        ProbeReport.Extensions extensions = ext.run(ctx, suites);
        int[] accepted = VersionScan.ints(List.copyOf(suites.accepted.keySet()));
        CookieScan cookies = new CookieScan();
        RobustnessScan robust = new RobustnessScan();
        CredentialScan credentials = new CredentialScan();
        if (accepted.length > 0) {
            cookies.run(ctx, first, v, accepted);
            robust.run(ctx, v, accepted);
        } else {
            robust.fragmented = "not tested: no accepted suite";
            robust.unknownVersion = "not tested: no accepted suite";
            robust.retransmission = "not tested: no accepted suite";
        }
        credentials.run(ctx, suites);
        String lifetime = cookies.lifetime(ctx);
        // Last: a server that cannot reassemble a ClientHello may wait for the rest of it and
        // answer nobody else until it gives up (gnutls-serv's UDP loop does).
        if (accepted.length > 0) {
            robust.fragmented(ctx, v, accepted);
        }
        ProbeReport.Cookies cookieReport = cookies.report(first, lifetime);
        List<String> notes = new ArrayList<>();
        String unknown = credentials.unknownIdentity;
        if (unknown == null) {
            notes.add("unknown PSK identity: not tested (it needs a key and a PSK suite dtlskit's client offers)");
        } else if (unknown.startsWith("accepted")) {
            robust.warnings.add("an unknown PSK identity was accepted");
        }
        String verdict = robust.warnings.isEmpty() ? "no problem found" : robust.warnings.size() + " problem(s)";
        ProbeReport.Robustness robustness = new ProbeReport.Robustness(robust.fragmented, robust.gaps, robust.retransmission,
                robust.unknownVersion, unknown, new ProbeReport.Verdict(verdict, robust.warnings, notes));
        return new ProbeReport(targetText, true, (System.nanoTime() - start) / 1_000_000L, versions.result,
                suites.report(ext.etm()), auth, cookieReport, extensions, robustness, credentials.handshake);
    }

    private static ProbeReport unreachable(String target, VersionScan versions, long start) {
        ProbeReport.Verdict none = new ProbeReport.Verdict("not tested: no DTLS answer", List.of(), List.of());
        return new ProbeReport(target, false, (System.nanoTime() - start) / 1_000_000L, versions.result,
                new ProbeReport.Suites(List.of(), 0, List.of(), null, none),
                new ProbeReport.Authentication(List.of(), null, List.of(), null, null, none),
                new ProbeReport.Cookies(false, versions.first12.firstHelloBytes(), 0, 0, 0, null, null, null, null, none),
                new ProbeReport.Extensions(null, null, null, null, null, null, null, null, null, none),
                new ProbeReport.Robustness(null, List.of(), null, null, null, none),
                new ProbeReport.Handshake(false, false, null, 0, null, none));
    }
}
