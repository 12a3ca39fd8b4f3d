package io.dtlskit.probe.internal;

import io.dtlskit.probe.ProbeReport;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsExtensionsUtils;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;

/**
 * Extensions: what the ServerHello echoes when the ClientHello offers it. A server answers only
 * the extensions it implements (RFC 5246 §7.4.1.4), so echo = supported. Encrypt-then-MAC is only
 * echoed for a CBC suite (RFC 7366 §3), so it is tested with the accepted CBC suites alone.
 */
final class ExtensionScan {
    private boolean etmNegotiated;

    boolean etm() {
        return etmNegotiated;
    }

    ProbeReport.Extensions run(Context ctx, SuiteScan suites) {
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (suites.accepted.isEmpty()) {
            return new ProbeReport.Extensions(null, null, null, null, null, null, null, null, null,
                    new ProbeReport.Verdict("not tested: no accepted suite", List.of(), List.of()));
        }
        ProtocolVersion v = suites.version;
        int[] all = VersionScan.ints(List.copyOf(suites.accepted.keySet()));
        ctx.progress("extensions");
        EnumSet<Hello.Extra> extras = EnumSet.of(Hello.Extra.EMS, Hello.Extra.ETM, Hello.Extra.SESSION_TICKET,
                Hello.Extra.CID, Hello.Extra.CID_DRAFT, Hello.Extra.MAX_FRAGMENT_LENGTH, Hello.Extra.RECORD_SIZE_LIMIT);
        ServerHello sh = ctx.attempt(ctx.hello(v, all, extras)).serverHello();
        Hashtable<?, ?> ext;
        Hashtable<Integer, byte[]> merged = new Hashtable<>();
        if (sh != null) {
            ext = sh.getExtensions() == null ? new Hashtable<>() : sh.getExtensions();
            putAll(merged, ext);
        } else {
            // Some servers refuse a hello carrying an extension they dislike: offer each on its own.
            notes.add("the server refused the ClientHello with all extensions; each was offered alone");
            for (Hello.Extra e : extras) {
                ServerHello one = ctx.attempt(ctx.hello(v, all, EnumSet.of(e))).serverHello();
                if (one != null && one.getExtensions() != null) {
                    putAll(merged, one.getExtensions());
                }
                if (one != null) {
                    sh = one;
                }
            }
        }
        Boolean etm = null;
        List<Integer> cbc = suites.accepted.keySet().stream().filter(Catalog::isCbc).toList();
        if (!cbc.isEmpty()) {
            ServerHello c = ctx.attempt(ctx.hello(v, VersionScan.ints(cbc), Hello.STANDARD)).serverHello();
            if (c == null) {
                // No answer is not a "no" (Context.attempt already asked twice): say it is not known.
                notes.add("encrypt-then-MAC: the server did not answer the CBC ClientHello twice; not known");
            } else {
                etm = has(c.getExtensions(), ExtensionType.encrypt_then_mac);
                etmNegotiated = etm;
            }
        } else {
            notes.add("encrypt-then-MAC: no CBC suite accepted, so there is nothing for it to protect");
        }
        // A server offered a session ticket may send an empty session ID (RFC 5077 §3.4): ask without one.
        ServerHello noTicket = ctx.attempt(ctx.hello(v, all, EnumSet.of(Hello.Extra.EMS, Hello.Extra.ETM))).serverHello();
        Boolean sessionId = noTicket != null ? Boolean.valueOf(noTicket.getSessionID().length > 0)
                : sh == null ? null : Boolean.valueOf(sh.getSessionID().length > 0);
        try {
            Integer rsl = merged.containsKey(ExtensionType.record_size_limit)
                    ? TlsExtensionsUtils.getRecordSizeLimitExtension(merged) : null;
            ProbeReport.Extensions out = new ProbeReport.Extensions(
                    merged.containsKey(ExtensionType.extended_master_secret), etm,
                    merged.containsKey(ExtensionType.renegotiation_info),
                    merged.containsKey(ExtensionType.connection_id), merged.containsKey(ExtensionTypes.CID_DRAFT),
                    merged.containsKey(ExtensionType.max_fragment_length), rsl,
                    merged.containsKey(ExtensionType.session_ticket),
                    sessionId, null);
            if (!out.extendedMasterSecret()) {
                warnings.add("no extended master secret (RFC 7627): triple-handshake style attacks apply");
            }
            if (!out.renegotiationInfo()) {
                warnings.add("no renegotiation_info (RFC 5746)");
            }
            Boolean resumption = out.sessionIdResumption();
            if (Boolean.TRUE.equals(resumption)) {
                resumption = resume(ctx, suites, notes);
            } else if (resumption != null) {
                notes.add("empty session ID in the ServerHello: the server will not resume by session ID (RFC 5246 §7.4.1.3)");
            }
            out = new ProbeReport.Extensions(out.extendedMasterSecret(), out.encryptThenMac(), out.renegotiationInfo(),
                    out.connectionId(), out.connectionIdDraft(), out.maxFragmentLength(), out.recordSizeLimit(),
                    out.sessionTicket(), resumption, null);
            List<String> yes = new ArrayList<>();
            if (out.extendedMasterSecret()) yes.add("EMS");
            if (Boolean.TRUE.equals(etm)) yes.add("EtM");
            if (out.renegotiationInfo()) yes.add("renegotiation_info");
            if (out.connectionId()) yes.add("connection_id(54)");
            if (out.connectionIdDraft()) yes.add("connection_id(254, pre-RFC)");
            if (out.maxFragmentLength()) yes.add("max_fragment_length");
            if (rsl != null) yes.add("record_size_limit=" + rsl);
            if (out.sessionTicket()) yes.add("session_ticket");
            if (Boolean.TRUE.equals(out.sessionIdResumption())) yes.add("session-ID resumption");
            String verdict = yes.isEmpty() ? "none of the offered extensions negotiated" : "negotiated: " + String.join(", ", yes);
            return new ProbeReport.Extensions(out.extendedMasterSecret(), out.encryptThenMac(), out.renegotiationInfo(),
                    out.connectionId(), out.connectionIdDraft(), out.maxFragmentLength(), out.recordSizeLimit(),
                    out.sessionTicket(), out.sessionIdResumption(), new ProbeReport.Verdict(verdict, warnings, notes));
        } catch (IOException e) {
            return new ProbeReport.Extensions(null, etm, null, null, null, null, null, null, null,
                    new ProbeReport.Verdict("malformed extensions in the ServerHello: " + e.getMessage(), List.of(), notes));
        }
    }

    /**
     * Session-ID resumption, tested for real: a full handshake by Bouncy Castle's client, then a
     * second offering that session (RFC 5246 §7.4.1.2). Needs a certificate suite, or a PSK suite
     * with credentials. Returns null (with a note) when it cannot be tested.
     */
    private static Boolean resume(Context ctx, SuiteScan suites, List<String> notes) {
        Integer suite = suites.accepted.keySet().stream().filter(c -> !Catalog.isPsk(c)).findFirst()
                .orElse(ctx.hasCredentials() ? suites.accepted.keySet().stream().filter(Catalog::isPsk).findFirst().orElse(null) : null);
        if (suite == null) {
            notes.add("the ServerHello carries a session ID; resuming it needs a certificate suite or PSK credentials");
            return null;
        }
        ctx.progress("extensions: session-ID resumption");
        BcHandshake.Result first = BcHandshake.run(ctx, suites.version, suite, null);
        if (!first.completed() || first.session() == null || !first.session().isResumable()) {
            notes.add("session-ID resumption not tested: the first handshake " + (first.completed()
                    ? "gave no resumable session" : "failed (" + first.failure() + ")"));
            return null;
        }
        BcHandshake.Result second = BcHandshake.run(ctx, suites.version, suite, first.session());
        if (!second.completed()) {
            notes.add("the handshake offering the earlier session failed: " + second.failure());
            return false;
        }
        notes.add(second.resumed() ? "a session was resumed by its ID (abbreviated handshake, " + Catalog.name(suite) + ")"
                : "the server issues session IDs but did not resume one (it ran a full handshake)");
        return second.resumed();
    }

    @SuppressWarnings("unchecked")
    private static void putAll(Hashtable<Integer, byte[]> into, Hashtable<?, ?> from) {
        into.putAll((Hashtable<Integer, byte[]>) from);
    }

    private static boolean has(Hashtable<?, ?> ext, int type) {
        return ext != null && ext.containsKey(type);
    }
}
