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
        agedSession = new Session(ctx.target());
        aged = ctx.hello(version, suites, Hello.STANDARD);
        agedCookie = takeCookie(ctx, agedSession, aged);
        agedAt = System.nanoTime();
    }

    private static Set<Hello.Extra> plus(Set<Hello.Extra> s, Hello.Extra e) {
        EnumSet<Hello.Extra> out = EnumSet.noneOf(Hello.Extra.class);
        out.addAll(s);
        out.add(e);
        return out;
    }

    /**
     * A cookie for {@code h}, proven good by using it at once (ServerHello, then the attempt is
     * aborted), so that no server is left waiting for it; null if the server gave none or refused it.
     */
    private static byte[] takeCookie(Context ctx, Session s, Hello h) {
        s.send(h);
        byte[] cookie = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis()).cookie();
        if (cookie == null) {
            return null;
        }
        s.send(h.withCookie(cookie));
        Flight f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
        if (f.serverHello() == null) {
            return null;
        }
        s.abort();
        return cookie;
    }

    /**
     * Takes a good cookie, then offers it again as a new connection's first ClientHello (RFC 6347
     * §4.2.1 lets a client reuse a cookie) with one thing changed, from a new port when
     * {@code newPort}. Bound = the server asks for a new cookie. Null when it did not answer.
     */
    private Boolean bound(Context ctx, java.util.function.UnaryOperator<Hello> change, boolean newPort) {
        Hello h = ctx.hello(version, suites, Hello.STANDARD);
        try (Session s = new Session(ctx.target())) {
            byte[] cookie = takeCookie(ctx, s, h);
            if (cookie == null) {
                return null;
            }
            Hello changed = change.apply(h).withCookie(cookie);
            if (newPort) {
                try (Session other = new Session(ctx.target())) {
                    return replay(ctx, other, changed);
                }
            }
            return replay(ctx, s, changed);
        }
    }

    /** TRUE = refused (a new HelloVerifyRequest or an alert), FALSE = accepted (ServerHello), null = no answer. */
    private static Boolean replay(Context ctx, Session s, Hello withCookie) {
        s.sendAsFirst(withCookie);
        Flight f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
        // A server may still be tearing down the attempt just aborted from this port: retransmit as a
        // client would (RFC 6347 §4.2.4).
        for (int i = 0; i < 2 && f.isEmpty(); i++) {
            s.resend(withCookie);
            f = s.receive(new Flight(), ctx.timing().quietMillis(), ctx.timing().replyMillis());
        }
        if (f.serverHello() != null) {
            s.abort();
            return Boolean.FALSE;
        }
        return f.cookie() != null || !f.alerts().isEmpty() ? Boolean.TRUE : null;
    }

    /** Replays the cookie taken in {@link #run}; if refused, measures a fresh one after a short wait. */
    String lifetime(Context ctx) {
        if (agedCookie == null) {
            return null;
        }
        ctx.progress("cookies: lifetime");
        try {
            double age = (System.nanoTime() - agedAt) / 1e9;
            Boolean refused = replay(ctx, agedSession, aged.withCookie(agedCookie));
            if (refused == null) {
                return String.format("no answer to a %.1f s old cookie", age);
            }
            if (!refused) {
                return String.format("accepted after %.1f s (the longest the probe waits)", age);
            }
            try (Session s = new Session(ctx.target())) {
                Hello h = ctx.hello(version, suites, Hello.STANDARD);
                byte[] c = takeCookie(ctx, s, h);
                long t = System.nanoTime();
                sleep(2000);
                double short_ = (System.nanoTime() - t) / 1e9;
                Boolean again = c == null ? null : replay(ctx, s, h.withCookie(c));
                if (Boolean.FALSE.equals(again)) {
                    return String.format("accepted after %.1f s, refused after %.1f s", short_, age);
                }
                if (again == null) {
                    return String.format("refused after %.1f s; no answer to a %.1f s old cookie", age, short_);
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
