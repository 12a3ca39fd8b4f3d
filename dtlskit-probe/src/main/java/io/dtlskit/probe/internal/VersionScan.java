package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Versions: one ClientHello per version offering the whole catalog (RFC 6347 §4.1: DTLS 1.0 is
 * 0xFEFF, 1.2 is 0xFEFD). Bouncy Castle 1.84 has no DTLS 1.3, so 1.3 is a ClientHello with
 * supported_versions = {DTLS 1.3} and an X25519 key share (RFC 9147 §5.3) and is judged by the
 * answer: a ServerHello or HelloRetryRequest selecting 1.3.
 */
final class VersionScan {
    /** The DTLS 1.2 attempt with the whole catalog: the first contact, reused for cookies and extensions. */
    Attempt first12;
    Attempt first10;
    ProbeReport.Versions result;
    boolean reachable;

    void run(Context ctx) {
        ctx.progress("versions: DTLS 1.2");
        first12 = Attempt.run(ctx.target(), ctx.hello(ProtocolVersion.DTLSv12, ints(Catalog.SUITES), Hello.STANDARD),
                ctx.timing(), 3);
        ctx.progress("versions: DTLS 1.0");
        List<Integer> for10 = Catalog.SUITES.stream().filter(c -> TlsUtils.isValidCipherSuiteForVersion(c, ProtocolVersion.DTLSv10)).toList();
        first10 = Attempt.run(ctx.target(), ctx.hello(ProtocolVersion.DTLSv10, ints(for10), Hello.STANDARD), ctx.timing(),
                first12.firstAnswer().isEmpty() ? 3 : Context.UNANSWERED_TRIES);
        ctx.progress("versions: DTLS 1.3");
        Attempt a13 = Attempt.run(ctx.target(), ctx.hello(ProtocolVersion.DTLSv12, Catalog.TLS13_SUITES,
                java.util.Set.of(Hello.Extra.DTLS13)), ctx.timing(), Context.UNANSWERED_TRIES);

        reachable = dtls(first12) || dtls(first10) || dtls(a13);
        List<ProbeReport.VersionResult> results = List.of(
                result("DTLS 1.0", first10, ProtocolVersion.DTLSv10),
                result("DTLS 1.2", first12, ProtocolVersion.DTLSv12),
                result("DTLS 1.3", a13, ProtocolVersion.DTLSv13));
        List<String> warnings = new ArrayList<>();
        if (results.get(0).accepted()) {
            warnings.add("DTLS 1.0 accepted (RFC 8996 deprecates it)");
        }
        String verdict = reachable
                ? "accepts " + String.join(", ", results.stream().filter(ProbeReport.VersionResult::accepted)
                        .map(ProbeReport.VersionResult::version).toList())
                : "no DTLS answer";
        if (reachable && results.stream().noneMatch(ProbeReport.VersionResult::accepted)) {
            verdict = "answers, but accepted no version with the probe's suites";
        }
        result = new ProbeReport.Versions(results, new ProbeReport.Verdict(verdict, warnings, List.of()));
    }

    private static boolean dtls(Attempt a) {
        return a.flight().serverHello() != null || !a.flight().alerts().isEmpty() || a.cookie() != null
                || !a.firstAnswer().alerts().isEmpty();
    }

    private static ProbeReport.VersionResult result(String name, Attempt a, ProtocolVersion wanted) {
        ServerHello sh = a.serverHello();
        boolean accepted = sh != null && wanted.equals(Versions.selected(sh));
        return new ProbeReport.VersionResult(name, accepted, a.answer());
    }

    static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
