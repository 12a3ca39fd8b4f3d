package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsUtils;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cipher suites (RFC 5246 §7.4.1.3: the server picks one of the client's). First by elimination:
 * offer the whole catalog, remove the suite the server picks, repeat until it refuses; the picks
 * in order are the server's preference order when it uses its own. Offering the picks reversed
 * tells its own order from the client's. Then each suite alone, which is what "accepted" means in
 * the report; the ServerHello names the suite, so a PSK suite needs no key and the attempt ends
 * there. A server that refuses with an alert is asked about every catalog suite alone; one that
 * refuses in silence (each refusal costs a timeout) only about those it picked.
 */
final class SuiteScan {
    /** Accepted suite → the attempt that showed it (its flight holds the server's certificate, key exchange, hint). */
    final Map<Integer, Attempt> accepted = new LinkedHashMap<>();
    ProtocolVersion version;
    List<Integer> preference = List.of();
    Boolean serverOrder;
    private int offeredAlone;
    private boolean silentRefusal;
    private final List<String> notes = new ArrayList<>();
    /** The extensions of the elimination and order ClientHellos (with server_certificate_type only if needed). */
    private Set<Hello.Extra> listExtras = Hello.STANDARD;

    void run(Context ctx, ProtocolVersion version) {
        this.version = version;
        List<Integer> catalog = Catalog.SUITES.stream().filter(c -> TlsUtils.isValidCipherSuiteForVersion(c, version)).toList();
        List<Integer> picks = eliminate(ctx, catalog);
        List<Integer> alone = silentRefusal ? picks : catalog;
        if (silentRefusal) {
            notes.add("the server refuses in silence (no alert): only the " + picks.size()
                    + " suites it picked were offered alone, not all " + catalog.size());
        }
        int i = 0;
        for (int code : alone) {
            ctx.progress("cipher suites: " + (++i) + "/" + alone.size() + " " + Catalog.name(code));
            Set<Hello.Extra> extras = Catalog.authentication(code).equals("PSK") ? Hello.STANDARD : withRawPublicKey();
            Attempt a = ctx.attempt(ctx.hello(version, new int[] {code}, extras));
            ServerHello sh = a.serverHello();
            if (sh != null && sh.getCipherSuite() == code) {
                accepted.put(code, a);
            } else if (picks.contains(code)) {
                notes.add(Catalog.name(code) + " was picked from a list but refused alone (" + a.answer() + ")");
            }
        }
        offeredAlone = alone.size();
        order(ctx, picks);
    }

    /** The suites the server picks from the shrinking catalog, in the order it picks them. */
    private List<Integer> eliminate(Context ctx, List<Integer> catalog) {
        List<Integer> left = new ArrayList<>(catalog);
        List<Integer> picks = new ArrayList<>();
        while (!left.isEmpty()) {
            ctx.progress("cipher suites: elimination, " + picks.size() + " picked so far");
            Attempt a = ctx.attempt(ctx.hello(version, VersionScan.ints(left), listExtras));
            ServerHello sh = a.serverHello();
            if ((sh == null || !left.contains(sh.getCipherSuite())) && picks.isEmpty() && listExtras == Hello.STANDARD) {
                // Refused outright: a server holding only a raw public key wants server_certificate_type
                // (RFC 7250 §4.2). Not offered from the start: gnutls-serv with only PSK credentials
                // refuses a ClientHello that carries it.
                listExtras = withRawPublicKey();
                a = ctx.attempt(ctx.hello(version, VersionScan.ints(left), listExtras));
                sh = a.serverHello();
            }
            if (sh == null || !left.contains(sh.getCipherSuite())) {
                silentRefusal = a.flight().alerts().isEmpty();
                break;
            }
            picks.add(sh.getCipherSuite());
            left.remove(Integer.valueOf(sh.getCipherSuite()));
        }
        return picks;
    }

    /**
     * The standard extensions plus server_certificate_type {RawPublicKey, X.509} (RFC 7250 §3), offered
     * with each certificate suite alone: a server holding only a raw public key refuses a ClientHello
     * without it (RFC 7250 §4.2); one without RFC 7250 ignores it and sends X.509.
     */
    private static Set<Hello.Extra> withRawPublicKey() {
        Set<Hello.Extra> e = EnumSet.copyOf(Hello.STANDARD);
        e.add(Hello.Extra.RAW_PUBLIC_KEY);
        return Set.copyOf(e);
    }

    int offered() {
        return offeredAlone;
    }

    private void order(Context ctx, List<Integer> picks) {
        List<Integer> acceptedPicks = picks.stream().filter(accepted::containsKey).toList();
        if (acceptedPicks.size() < 2) {
            preference = List.copyOf(acceptedPicks);
            return;
        }
        ctx.progress("cipher suites: preference order");
        // The picks came from lists in catalog order; offer the accepted suites reversed.
        List<Integer> forward = Catalog.SUITES.stream().filter(acceptedPicks::contains).toList();
        List<Integer> reversed = forward.reversed();
        Attempt a = ctx.attempt(ctx.hello(version, VersionScan.ints(reversed), listExtras));
        ServerHello sh = a.serverHello();
        Integer chosenReversed = sh != null ? sh.getCipherSuite() : null;
        if (chosenReversed != null && chosenReversed.equals(acceptedPicks.get(0))
                && !(acceptedPicks.get(0).equals(forward.get(0)) && chosenReversed.equals(reversed.get(0)))) {
            serverOrder = true;
        } else if (chosenReversed != null && chosenReversed.equals(reversed.get(0)) && acceptedPicks.get(0).equals(forward.get(0))) {
            serverOrder = false;
        }
        preference = Boolean.FALSE.equals(serverOrder) ? List.of() : List.copyOf(acceptedPicks);
    }

    ProbeReport.Suites report(boolean etm) {
        List<ProbeReport.Suite> list = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int code : accepted.keySet()) {
            String weak = Catalog.weakness(code);
            if (weak == null && Catalog.isCbc(code) && !etm) {
                weak = "CBC without encrypt-then-MAC (RFC 7366)";
            }
            list.add(new ProbeReport.Suite(Catalog.name(code), code, weak));
            if (weak != null) {
                warnings.add(Catalog.name(code) + ": " + weak);
            }
        }
        List<String> n = new ArrayList<>(notes);
        String verdict;
        if (accepted.isEmpty()) {
            verdict = "no suite of the catalog was accepted";
        } else {
            verdict = accepted.size() + (accepted.size() == 1 ? " suite" : " suites") + " accepted (" + Versions.name(version) + ", " + offered()
                    + " offered alone); " + (serverOrder == null ? (accepted.size() == 1 ? "one suite" : "order undetermined")
                    : serverOrder ? "server's own preference order" : "follows the client's order");
        }
        if (Boolean.FALSE.equals(serverOrder)) {
            n.add("the server picks the client's first acceptable suite");
        }
        return new ProbeReport.Suites(list, offered(), preference.stream().map(Catalog::name).toList(), serverOrder,
                new ProbeReport.Verdict(verdict, warnings, n));
    }
}
