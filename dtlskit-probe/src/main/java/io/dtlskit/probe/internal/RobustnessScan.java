package io.dtlskit.probe.internal;

import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;

import java.util.ArrayList;
import java.util.List;

/**
 * Robustness: a ClientHello in fragments (RFC 6347 §4.2.3), the server's retransmission timer
 * measured by withholding our second flight (RFC 6347 §4.2.4: 1 s initial, doubling), and a
 * ClientHello with a version newer than any (RFC 5246 §E.1: the server answers with its own highest).
 */
final class RobustnessScan {
    String fragmented;
    List<Long> gaps = List.of();
    String retransmission;
    String unknownVersion;
    final List<String> warnings = new ArrayList<>();

    void run(Context ctx, ProtocolVersion version, int[] suites) {
        ctx.progress("robustness: unknown version");
        unknownVersion = unknownVersion(ctx, suites);
        ctx.progress("robustness: retransmission timer (up to " + ctx.retransmissionBoundMillis() / 1000.0 + " s)");
        retransmission(ctx, version, suites);
    }

    void fragmented(Context ctx, ProtocolVersion version, int[] suites) {
        ctx.progress("robustness: fragmented ClientHello");
        fragmented = fragmentedHello(ctx, version, suites);
    }

    private String fragmentedHello(Context ctx, ProtocolVersion version, int[] suites) {
        Hello h = ctx.hello(version, suites, Hello.STANDARD);
        try (Session s = new Session(ctx.target())) {
            s.sendFragmented(h, 3);
            Flight f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
            if (f.isEmpty()) {
                // Silence is asked once more, as in Context.attempt.
                s.resendFragmented(h, 3);
                f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
            }
            if (f.cookie() != null) {
                s.sendFragmented(h.withCookie(f.cookie()), 3);
                f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
            }
            if (f.serverHello() != null) {
                s.abort();
                return "handled: ServerHello after a ClientHello in 3 fragments";
            }
            warnings.add("a ClientHello in 3 fragments was not answered with a ServerHello (" + Attempt.describe(f) + ")");
            return "not handled: " + Attempt.describe(f);
        }
    }

    private String unknownVersion(Context ctx, int[] suites) {
        ProtocolVersion future = ProtocolVersion.get(0xFE, 0xF0);
        Attempt a = ctx.attempt(ctx.hello(future, suites, Hello.STANDARD));
        ServerHello sh = a.serverHello();
        if (sh != null) {
            return "answered with " + Versions.name(Versions.selected(sh)) + " (correct: it negotiates down)";
        }
        warnings.add("a ClientHello with version 0xFEF0 was refused (" + a.answer() + "): RFC 5246 §E.1 asks for the server's highest version");
        return "refused: " + a.answer();
    }

    private void retransmission(Context ctx, ProtocolVersion version, int[] suites) {
        Hello h = ctx.hello(version, suites, Hello.STANDARD);
        try (Session s = new Session(ctx.target())) {
            Attempt a = Attempt.run(s, h, ctx.timing(), Context.UNANSWERED_TRIES, false);
            if (a.serverHello() == null) {
                retransmission = "not measured: no ServerHello (" + a.answer() + ")";
                return;
            }
            long start = a.flight().arrivals().get(0);
            Flight later = s.listen(new Flight(), ctx.retransmissionBoundMillis(), ctx.retransmissionBoundMillis());
            s.abort();
            List<Long> copies = new ArrayList<>();
            long previous = Long.MIN_VALUE;
            for (long t : later.arrivals()) {
                if (previous == Long.MIN_VALUE || t - previous > 150_000_000L) {
                    copies.add(t);
                }
                previous = t;
            }
            List<Long> g = new ArrayList<>();
            long last = start;
            for (long c : copies) {
                g.add((c - last) / 1_000_000L);
                last = c;
            }
            gaps = List.copyOf(g);
            double bound = ctx.retransmissionBoundMillis() / 1000.0;
            if (g.isEmpty()) {
                retransmission = String.format("no retransmission within %.1f s", bound);
                warnings.add(retransmission + ": a lost client flight stalls the handshake (RFC 6347 §4.2.4)");
            } else {
                String backoff = g.size() < 2 ? "" : String.format(", backoff ×%.1f", (double) g.get(1) / Math.max(1, g.get(0)));
                retransmission = String.format("initial %d ms%s, %d retransmission%s within %.1f s", g.get(0), backoff,
                        g.size(), g.size() == 1 ? "" : "s", bound);
            }
        }
    }
}
