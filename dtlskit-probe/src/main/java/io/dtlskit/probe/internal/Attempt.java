package io.dtlskit.probe.internal;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ServerHello;

import java.net.InetSocketAddress;

/**
 * One handshake attempt up to the server's first flight: ClientHello, the cookie exchange if the
 * server asks for one (RFC 6347 §4.2.1), the second ClientHello, the server's flight; then a fatal
 * alert so the server forgets the attempt.
 *
 * @param hello the last ClientHello sent (with the cookie, if any)
 * @param firstHelloBytes the first ClientHello's datagram size
 * @param firstAnswer what the server sent back to the first ClientHello
 * @param cookie the cookie of the HelloVerifyRequest, or null
 * @param flight the server's answer to the last ClientHello (the same object as firstAnswer without a cookie)
 */
public record Attempt(Hello hello, int firstHelloBytes, Flight firstAnswer, byte[] cookie, Flight flight) {

    /** Runs one attempt; {@code tries} sends of the first ClientHello if nothing at all comes back. */
    static Attempt run(InetSocketAddress target, Hello hello, Timing timing, int tries) {
        try (Session s = new Session(target)) {
            return run(s, hello, timing, tries, true);
        }
    }

    static Attempt run(Session s, Hello hello, Timing timing, int tries, boolean abort) {
        int size = s.send(hello);
        Flight first = s.receive(new Flight(), timing.quietMillis(), timing.replyMillis());
        for (int i = 1; i < tries && first.isEmpty() && !first.portUnreachable(); i++) {
            s.resend(hello);
            first = s.receive(new Flight(), timing.quietMillis(), timing.replyMillis());
        }
        byte[] cookie = first.cookie();
        if (cookie == null) {
            if (abort && first.serverHello() != null) {
                s.abort();
            }
            return new Attempt(hello, size, first, null, first);
        }
        Hello second = hello.withCookie(cookie);
        s.send(second);
        Flight flight = s.receive(new Flight(), timing.quietMillis(), timing.replyMillis());
        if (flight.isEmpty() && tries > 1) {
            s.resend(second);
            flight = s.receive(new Flight(), timing.quietMillis(), timing.replyMillis());
        }
        if (abort && flight.serverHello() != null) {
            s.abort();
        }
        return new Attempt(second, size, first, cookie, flight);
    }

    public ServerHello serverHello() {
        return flight.serverHello();
    }

    /** The server's answer in words: "ServerHello <suite>", "alert <name>", "HelloVerifyRequest again", "no answer". */
    public String answer() {
        return describe(flight);
    }

    static String describe(Flight f) {
        ServerHello sh = f.serverHello();
        if (sh != null) {
            return (sh.isHelloRetryRequest() ? "HelloRetryRequest " : "ServerHello ") + Catalog.name(sh.getCipherSuite())
                    + " (" + Versions.name(Versions.selected(sh)) + ")";
        }
        if (!f.alerts().isEmpty()) {
            return "alert " + AlertDescription.getName(f.alerts().get(0).description());
        }
        if (f.cookie() != null) {
            return "HelloVerifyRequest again";
        }
        if (f.portUnreachable()) {
            return "ICMP port unreachable";
        }
        return f.isEmpty() ? "no answer" : "unparsable answer (" + f.bytes() + " bytes)";
    }

    /** Waits: {@code quietMillis} of silence ends a flight early, {@code replyMillis} bounds it. */
    public record Timing(long quietMillis, long replyMillis) {
    }
}
