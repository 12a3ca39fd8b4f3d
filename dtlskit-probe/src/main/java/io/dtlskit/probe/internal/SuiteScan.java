package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cipher suites: each catalog suite offered alone (the ServerHello names the suite, so a PSK suite
 * needs no key: the attempt ends there), then the server's order found by offering all accepted
 * suites and removing the chosen one each time, and the client's order tested by offering them
 * reversed (RFC 5246 §7.4.1.3: the server picks; whether by its order or ours is its policy).
 */
final class SuiteScan {
    /** Accepted suite → the attempt that showed it (its flight holds the server's certificate, key exchange, hint). */
    final Map<Integer, Attempt> accepted = new LinkedHashMap<>();
    ProtocolVersion version;
    List<Integer> preference = List.of();
    Boolean serverOrder;

    void run(Context ctx, ProtocolVersion version) {
        this.version = version;
        List<Integer> offer = Catalog.SUITES.stream()
                .filter(c -> org.bouncycastle.tls.TlsUtils.isValidCipherSuiteForVersion(c, version)).toList();
        int i = 0;
        for (int code : offer) {
            ctx.progress("cipher suites: " + (++i) + "/" + offer.size() + " " + Catalog.name(code));
            Attempt a = ctx.attempt(ctx.hello(version, new int[] {code}, Hello.STANDARD));
            ServerHello sh = a.serverHello();
            if (sh != null && sh.getCipherSuite() == code) {
                accepted.put(code, a);
            }
        }
        order(ctx);
    }

    int offered() {
        return (int) Catalog.SUITES.stream()
                .filter(c -> org.bouncycastle.tls.TlsUtils.isValidCipherSuiteForVersion(c, version)).count();
    }

    private void order(Context ctx) {
        List<Integer> left = new ArrayList<>(accepted.keySet());
        if (left.size() < 2) {
            preference = List.copyOf(left);
            return;
        }
        ctx.progress("cipher suites: preference order");
        List<Integer> order = new ArrayList<>();
        Integer firstChoice = null;
        while (left.size() > 1) {
            Integer chosen = choose(ctx, left);
            if (chosen == null) {
                break;
            }
            if (firstChoice == null) {
                firstChoice = chosen;
            }
            order.add(chosen);
            left.remove(chosen);
        }
        order.addAll(left);
        List<Integer> reversed = new ArrayList<>(accepted.keySet()).reversed();
        Integer chosenReversed = choose(ctx, reversed);
        // Server order: the same choice whatever our order. Client order: our first each time.
        if (chosenReversed != null && firstChoice != null) {
            if (chosenReversed.equals(firstChoice)) {
                serverOrder = true;
            } else if (chosenReversed.equals(reversed.get(0)) && firstChoice.equals(accepted.keySet().iterator().next())) {
                serverOrder = false;
            }
        }
        preference = Boolean.FALSE.equals(serverOrder) ? List.of() : List.copyOf(order);
    }

    private Integer choose(Context ctx, List<Integer> suites) {
        Attempt a = ctx.attempt(ctx.hello(version, VersionScan.ints(suites), Hello.STANDARD));
        ServerHello sh = a.serverHello();
        return sh != null && suites.contains(sh.getCipherSuite()) ? sh.getCipherSuite() : null;
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
        List<String> notes = new ArrayList<>();
        String verdict;
        if (accepted.isEmpty()) {
            verdict = "no suite of the " + offered() + " offered was accepted";
        } else {
            verdict = accepted.size() + " of " + offered() + " suites accepted ("
                    + Versions.name(version) + "); " + (serverOrder == null ? "order: one suite"
                    : serverOrder ? "server's own preference order" : "follows the client's order");
        }
        if (Boolean.FALSE.equals(serverOrder)) {
            notes.add("the server picks the client's first acceptable suite");
        }
        return new ProbeReport.Suites(list, offered(), preference.stream().map(Catalog::name).toList(), serverOrder,
                new ProbeReport.Verdict(verdict, warnings, notes));
    }
}
