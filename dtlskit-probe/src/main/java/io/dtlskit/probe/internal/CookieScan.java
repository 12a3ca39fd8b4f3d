package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.ProtocolVersion;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Cookies and amplification (RFC 6347 §4.2.1; RFC 9147 §5.1). A server that answers a cookie-less
 * ClientHello with its whole first flight can be used to amplify a spoofed request; the factor is
 * the bytes of that answer over the ClientHello's. The cookie's bindings are tested by replaying it
 * with one thing changed: the source port, the random, the extensions. Its lifetime is tested by
 * replaying a cookie taken before the robustness section, when the probe is about to end.
 */
final class CookieScan {
    private ProtocolVersion version;
    private int[] suites;
    private Hello aged;
    private byte[] agedCookie;
    private long agedAt;
    private Session agedSession;
    private Boolean port;
    private Boolean random;
    private Boolean extensions;

    /** Tests the bindings and takes the cookie whose age is tested at the end. */
    void run(Context ctx, Attempt first, ProtocolVersion version, int[] suites) {
        this.version = version;
        this.suites = suites;
        if (first.cookie() == null) {
            return;
        }
        ctx.progress("cookies: bound to the source port?");
        port = bound(ctx, h -> h, true);
        ctx.progress("cookies: bound to the random?");
        random = bound(ctx, h -> h.withRandom(ctx.random()), false);
        ctx.progress("cookies: bound to the extensions?");
        extensions = bound(ctx, h -> h.withExtras(plus(h.extras(), Hello.Extra.PADDING)), false);
        // The cookie to replay at the end; the attempt is abandoned at once (a stateful server would
        // otherwise wait for it and ignore the other tests' ClientHellos).
        agedSession = new Session(ctx.target());
        aged = ctx.hello(version, suites, Hello.STANDARD);
        agedSession.send(aged);
        agedCookie = agedSession.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis()).cookie();
        agedAt = System.nanoTime();
        agedSession.abort();
    }

    private static Set<Hello.Extra> plus(Set<Hello.Extra> s, Hello.Extra e) {
        EnumSet<Hello.Extra> out = EnumSet.noneOf(Hello.Extra.class);
        out.addAll(s);
        out.add(e);
        return out;
    }

    /**
     * Takes a cookie, then sends it back in a changed ClientHello (from a new port when
     * {@code newPort}). Bound = the server does not accept it. Null when the server did not answer.
     */
    private Boolean bound(Context ctx, java.util.function.UnaryOperator<Hello> change, boolean newPort) {
        Hello h = ctx.hello(version, suites, Hello.STANDARD);
        try (Session s = new Session(ctx.target())) {
            s.send(h);
            byte[] cookie = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis()).cookie();
            if (cookie == null) {
                return null;
            }
            Hello changed = change.apply(h).withCookie(cookie);
            if (newPort) {
                try (Session other = new Session(ctx.target())) {
                    return accepted(ctx, other, changed) ? Boolean.FALSE : Boolean.TRUE;
                }
            }
            return accepted(ctx, s, changed) ? Boolean.FALSE : Boolean.TRUE;
        }
    }

    private static boolean accepted(Context ctx, Session s, Hello withCookie) {
        return accepted(ctx, s, withCookie, false);
    }

    private static boolean accepted(Context ctx, Session s, Hello withCookie, boolean asFirst) {
        if (asFirst) {
            s.sendAsFirst(withCookie);
        } else {
            s.sendWithCookie(withCookie);
        }
        Flight f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
        if (f.serverHello() != null) {
            s.abort();
            return true;
        }
        return false;
    }

    /** Replays the cookie taken in {@link #run}; if refused, measures a fresh one after a short wait. */
    String lifetime(Context ctx) {
        if (agedCookie == null) {
            return null;
        }
        ctx.progress("cookies: lifetime");
        try {
            double age = (System.nanoTime() - agedAt) / 1e9;
            if (accepted(ctx, agedSession, aged.withCookie(agedCookie), true)) {
                return String.format("accepted after %.1f s (the longest the probe waits)", age);
            }
            try (Session s = new Session(ctx.target())) {
                Hello h = ctx.hello(version, suites, Hello.STANDARD);
                s.send(h);
                byte[] c = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis()).cookie();
                long t = System.nanoTime();
                s.abort();
                sleep(2000);
                double short_ = (System.nanoTime() - t) / 1e9;
                if (c != null && accepted(ctx, s, h.withCookie(c), true)) {
                    return String.format("accepted after %.1f s, refused after %.1f s", short_, age);
                }
                return String.format("refused after %.1f s and after %.1f s", short_, age);
            }
        } finally {
            agedSession.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the probe measures the server's clock: waiting is the measurement
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ProbeReport.Cookies report(Attempt first, String lifetime) {
        boolean hvr = first.cookie() != null;
        int ch = first.firstHelloBytes();
        int answer = first.firstAnswer().bytes();
        double factor = ch == 0 ? 0 : Math.round(answer * 100.0 / ch) / 100.0;
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!hvr && first.serverHello() != null) {
            warnings.add("no HelloVerifyRequest: the whole first flight answers an unverified address (RFC 6347 §4.2.1)");
        }
        if (factor > 3) {
            warnings.add(String.format("amplification %.2f× exceeds the 3× RFC 9147 §5.1 allows before the address is verified", factor));
        }
        if (Boolean.FALSE.equals(port)) {
            warnings.add("the cookie is not bound to the source port: any port of the same host may use it");
        }
        if (hvr && Boolean.FALSE.equals(random)) {
            notes.add("the cookie is not bound to the ClientHello's random (RFC 6347 §4.2.1 allows either)");
        }
        String verdict = hvr ? String.format("HelloVerifyRequest sent; amplification %.2f× (%d bytes for a %d-byte ClientHello)",
                factor, answer, ch)
                : first.serverHello() != null ? String.format("no cookie exchange; amplification %.2f× (%d bytes for %d)", factor, answer, ch)
                : "no answer to read";
        return new ProbeReport.Cookies(hvr, ch, answer, first.firstAnswer().datagramCount(), factor, port, random,
                extensions, lifetime, new ProbeReport.Verdict(verdict, warnings, notes));
    }
}
