package io.dtlskit.probe;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human probe report: per section a verdict line, the facts indented, warnings marked {@code !}
 * (orange on a colour terminal) and notes marked {@code -}. Text from the server (hint, certificate
 * names) is made inert: control characters appear as {@code \xNN}, so no escape sequence reaches the
 * terminal. The GUI shows the same lines as plain text.
 */
public final class ProbeText {
    private static final String WARN = "\033[38;5;208m";
    private static final String BOLD = "\033[1m";
    private static final String RESET = "\033[0m";

    private final boolean color;
    private final List<String> lines = new ArrayList<>();

    private ProbeText(boolean color) {
        this.color = color;
    }

    /** The report as lines; {@code color} adds ANSI colours. */
    public static List<String> lines(ProbeReport r, boolean color) {
        ProbeText t = new ProbeText(color);
        t.render(r);
        return List.copyOf(t.lines);
    }

    public static String text(ProbeReport r) {
        return String.join("\n", lines(r, false)) + "\n";
    }

    /** Control characters (ESC included) as {@code \xNN}: peer text stays text. */
    public static String inert(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0x202e) {
                sb.append(String.format("\\x%02x", c & 0xff));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    private void render(ProbeReport r) {
        lines.add(bold("dtlskit probe " + inert(r.target())) + String.format(Locale.ROOT, "  (%.1f s)", r.elapsedMillis() / 1000.0));
        if (!r.reachable()) {
            section("Verdict", "no DTLS answer: the server is unreachable or does not speak DTLS", r.versions().verdict());
            for (ProbeReport.VersionResult v : r.versions().results()) {
                fact(String.format("%-9s %s", v.version(), v.answer()));
            }
            return;
        }
        section("Versions", r.versions().verdict().verdict(), null);
        for (ProbeReport.VersionResult v : r.versions().results()) {
            fact(String.format("%-9s %-9s %s", v.version(), v.accepted() ? "accepted" : "refused", v.answer()));
        }
        marks(r.versions().verdict());

        ProbeReport.Suites s = r.suites();
        section("Cipher suites", s.verdict().verdict(), null);
        for (ProbeReport.Suite suite : s.accepted()) {
            fact(String.format("%-48s 0x%04X%s", suite.name(), suite.code(), suite.weakness() != null ? "  weak" : ""));
        }
        if (!s.preference().isEmpty()) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < s.preference().size(); i++) {
                order.add((i + 1) + ". " + s.preference().get(i));
            }
            fact("server order: " + String.join("  ", order));
        }
        marks(s.verdict());

        ProbeReport.Authentication a = r.authentication();
        section("Authentication", inert(a.verdict().verdict()), null);
        if (a.pskHint() != null) {
            fact("PSK identity hint: '" + inert(a.pskHint()) + "'");
        }
        for (int i = 0; i < a.chain().size(); i++) {
            ProbeReport.CertificateSummary c = a.chain().get(i);
            fact("certificate " + i + ": subject " + inert(c.subject()));
            fact("  issuer " + inert(c.issuer()));
            fact("  valid " + c.notBefore() + " to " + c.notAfter());
            fact("  key " + c.keyType() + " " + c.keyBits() + " bits, signed " + inert(c.signatureAlgorithm()));
            fact("  SHA-256 " + c.sha256());
        }
        if (a.rawPublicKey() != null) {
            fact("raw public key: " + a.rawPublicKey());
        }
        fact("client certificate: " + a.clientCertificate());
        marks(a.verdict());

        ProbeReport.Cookies c = r.cookies();
        section("Cookies", c.verdict().verdict(), null);
        if (c.helloVerifyRequest()) {
            fact("bound to source port: " + yesNo(c.boundToPort()) + ", random: " + yesNo(c.boundToRandom())
                    + ", extensions: " + yesNo(c.boundToExtensions()));
            fact("lifetime: " + (c.lifetime() != null ? c.lifetime() : "not tested"));
        }
        fact("first answer: " + c.firstFlightBytes() + " bytes in " + c.firstFlightDatagrams() + " datagram(s)");
        marks(c.verdict());

        ProbeReport.Extensions e = r.extensions();
        section("Extensions", e.verdict().verdict(), null);
        fact("extended_master_secret " + yesNo(e.extendedMasterSecret()) + ", encrypt_then_mac " + yesNo(e.encryptThenMac())
                + ", renegotiation_info " + yesNo(e.renegotiationInfo()));
        fact("connection_id (RFC 9146, 54) " + yesNo(e.connectionId()) + ", connection_id (pre-RFC, 254) "
                + yesNo(e.connectionIdDraft()));
        fact("max_fragment_length " + yesNo(e.maxFragmentLength()) + ", record_size_limit "
                + (e.recordSizeLimit() != null ? e.recordSizeLimit() : "no") + ", session_ticket " + yesNo(e.sessionTicket())
                + ", session-ID resumption " + yesNo(e.sessionIdResumption()));
        marks(e.verdict());

        ProbeReport.Robustness b = r.robustness();
        section("Robustness", b.verdict().verdict(), null);
        fact("fragmented ClientHello: " + b.fragmentedClientHello());
        fact("retransmission: " + b.retransmission() + (b.retransmissions().isEmpty() ? "" : " (gaps " + b.retransmissions() + " ms)"));
        fact("unknown version: " + b.unknownVersion());
        fact("unknown PSK identity: " + (b.unknownIdentity() != null ? inert(b.unknownIdentity()) : "not tested"));
        marks(b.verdict());

        ProbeReport.Handshake h = r.handshake();
        section("Handshake", inert(h.verdict().verdict()), null);
        marks(h.verdict());
    }

    private static String yesNo(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "no";
    }

    private void section(String name, String verdict, ProbeReport.Verdict v) {
        lines.add("");
        lines.add(bold(String.format("%-15s", name)) + " " + verdict);
        if (v != null) {
            marks(v);
        }
    }

    private void fact(String text) {
        lines.add("  " + text);
    }

    private void marks(ProbeReport.Verdict v) {
        for (String w : v.warnings()) {
            lines.add(color ? WARN + "  ! " + inert(w) + RESET : "  ! " + inert(w));
        }
        for (String n : v.notes()) {
            lines.add("  - " + inert(n));
        }
    }

    private String bold(String s) {
        return color ? BOLD + s + RESET : s;
    }
}
