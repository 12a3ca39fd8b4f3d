package io.dtlskit.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one run, as they happen, rendered to {@code docs/interop.md} at the end: the file
 * is written by the run itself, so it shows what was measured and nothing else.
 */
final class Matrix {
    enum Result { PASS, FAIL, NA, NOT_RUN }

    /** One cell: {@code row} is a suite for the matrix, or a negative case / key log check. */
    record Cell(String section, String peer, String direction, String row, Result result, String detail) {
    }

    static final String CLIENT_TO_PEER = "dtlskit client → peer server";
    static final String PEER_TO_SERVER = "peer client → dtlskit server";

    private final List<Cell> cells = new ArrayList<>();

    synchronized void add(Cell cell) {
        cells.add(cell);
    }

    synchronized List<Cell> cells() {
        return List.copyOf(cells);
    }

    synchronized boolean allGood() {
        return cells.stream().allMatch(c -> c.result() == Result.PASS || c.result() == Result.NA);
    }

    /** True if {@code expected} cells were recorded and every one of them ran (pass, fail or n/a). */
    synchronized boolean isComplete(int expected) {
        return cells.size() == expected && cells.stream().noneMatch(c -> c.result() == Result.NOT_RUN);
    }

    /** Markdown for docs/interop.md. */
    synchronized String render(Map<String, String> versions, String command, Duration elapsed, List<String> peers,
                               List<String> suites) {
        StringBuilder md = new StringBuilder();
        md.append("# Interoperability matrix\n\n");
        md.append("<!-- Written by dtlskit-interop's matrix classes (InteropRun) at the end of a run; do not edit by hand. -->\n\n");
        md.append("dtlskit (DTLS 1.2, PSK) against independent DTLS stacks run for real on 127.0.0.1, both directions, ")
                .append("one suite at a time. Each cell is one scenario: handshake offering only that suite, three ")
                .append("messages each way where the peer can reply (our server answers every message with ")
                .append("`to (a:p): ACK`; our client pings `I am Alice (clone number 0), please, accept our ping N`), ")
                .append("then close_notify. Key `1a2b3c4d5e6f`, identity `Alice (clone number 0)`, hint ")
                .append("`Qt DTLS example server`. Then [rows that run each peer as its users run it]")
                .append("(#peers-as-their-users-run-them): defaults on both sides, with the peer's command line.\n\n");
        md.append("Certificates and raw public keys (RFC 7250): [interop-certificates.md](interop-certificates.md).\n\n");
        String status = allGood() ? "green: every supported cell passed" : "NOT GREEN: see FAIL / not run below";
        md.append("- Run: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(", ").append(elapsed.toSeconds()).append(" s, ").append(status).append(".\n");
        md.append("- Command: `").append(command).append("`\n");
        for (var v : versions.entrySet()) {
            md.append("- ").append(v.getKey()).append(": ").append(v.getValue()).append('\n');
        }
        md.append('\n');

        Map<String, Integer> notes = new LinkedHashMap<>();
        for (String direction : List.of(CLIENT_TO_PEER, PEER_TO_SERVER)) {
            md.append("## ").append(direction).append("\n\n| suite |");
            for (String p : peers) {
                md.append(' ').append(p).append(" |");
            }
            md.append("\n|---|");
            md.append("---|".repeat(peers.size()));
            md.append('\n');
            for (String suite : suites) {
                md.append("| `").append(suite).append("` |");
                for (String p : peers) {
                    Cell c = find("suites", p, direction, suite);
                    md.append(' ').append(cellText(c, notes)).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }

        md.append("## Peers as their users run them\n\n")
                .append("Each peer with its own defaults (no cipher restriction) and common field options, against ")
                .append("dtlskit's defaults (every PSK suite it knows, cookie exchange on), through a relay on 127.0.0.1 whose tap ")
                .append("reports ClientHello fragments and HelloVerifyRequests. `P` is the port, `PSKFILE` holds ")
                .append("`Alice (clone number 0):1a2b3c4d5e6f`. What is checked: handshake, one message each way, ")
                .append("close_notify (or the row's own case). Detail = the negotiated suite and what the row is about.\n\n")
                .append("| peer | direction | peer command line | result | detail |\n|---|---|---|---|---|\n");
        for (String direction : List.of(CLIENT_TO_PEER, PEER_TO_SERVER)) {
            for (Cell c : cells) {
                if (c.section().equals("field") && c.direction().equals(direction)) {
                    md.append("| ").append(c.peer()).append(" | ").append(direction).append(" | `")
                            .append(escape(c.row())).append("` | ").append(label(c.result())).append(" | ")
                            .append(escape(c.detail())).append(" |\n");
                }
            }
        }
        md.append('\n');

        md.append("## Negative rows (TLS_PSK_WITH_AES_128_GCM_SHA256 unless the row names another suite, our handshake timeout 3 s)\n\n")
                .append("| peer | direction | case | result | what dtlskit reported |\n|---|---|---|---|---|\n");
        for (String direction : List.of(CLIENT_TO_PEER, PEER_TO_SERVER)) {
            for (Cell c : cells) {
                if (c.section().equals("negative") && c.direction().equals(direction)) {
                    md.append("| ").append(c.peer()).append(" | ").append(direction).append(" | ").append(c.row())
                            .append(" | ").append(label(c.result())).append(" | ").append(escape(c.detail())).append(" |\n");
                }
            }
        }
        md.append('\n');

        md.append("## Key log (NSS format) decrypted by tshark\n\n| session | result | detail |\n|---|---|---|\n");
        for (Cell c : cells) {
            if (c.section().equals("keylog")) {
                md.append("| ").append(c.row()).append(" | ").append(label(c.result())).append(" | ")
                        .append(escape(c.detail())).append(" |\n");
            }
        }
        md.append('\n');

        if (!notes.isEmpty()) {
            md.append("## Notes\n\n");
            for (var n : notes.entrySet()) {
                md.append(n.getValue()).append(". ").append(escape(n.getKey())).append('\n');
            }
            md.append('\n');
        }
        md.append("## How this table is made\n\n")
                .append("- `scripts/install-interop-peers.sh` (root, idempotent) installs `gnutls-bin` and `tshark` from ")
                .append("Debian and builds mbedTLS' `ssl_server2`/`ssl_client2` from `apt-get source mbedtls` into ")
                .append("`/var/cache/dtlskit-peers` (outside the repository). OpenSSL is on the machine; Scandium is a ")
                .append("Maven test dependency run in-process. wolfSSL: Debian ships the library (`libwolfssl-dev`) but no ")
                .append("example programs, so the script compiles our own small peer, `dtlskit-interop/peers/wolfssl/")
                .append("dtlskit-wolfssl-peer.c` (wolfSSL's defaults apart from the PSK, the hint and an optional cipher ")
                .append("list; its server echoes each record), into the same folder. Debian's build has no static-PSK AES ")
                .append("suites, and its DTLS 1.2 server always sends HelloVerifyRequest (wolfSSL 5.5 skips it only in ")
                .append("SCTP/SRTP modes, which this build lacks), so there is no wolfSSL row without cookies.\n")
                .append("- `dtlskit-interop`'s matrix classes (`ClientToPeerInteropTest`, `PeerToServerInteropTest`, ")
                .append("`FieldInteropTest`, `KeyLogInteropTest`) start each peer as a real process on 127.0.0.1 with a free ")
                .append("port, wait for its ready output (never a fixed sleep), run the cell and kill the process by ")
                .append("its own handle; every wait is bounded and a failure names the peer, the direction and the suite.\n")
                .append("- With `CI=true` a missing peer program fails the run; locally it is reported as skipped. ")
                .append("`-DargLine=-Dinterop.peers=mbedTLS,Scandium` runs some peers only. Only a run that covers every ")
                .append("cell rewrites this file; every run writes `dtlskit-interop/target/interop.md`.\n")
                .append("- Negative rows use a 3 s handshake timeout: DTLS peers that drop a record whose MAC fails ")
                .append("(RFC 6347 §4.1.2.7) send no alert, so our timeout with its hint is the error the user sees.\n")
                .append("- Peers as their users run them (`FieldRows`): the command line in each row is what ran, ")
                .append("with the port for `P`; mbedTLS programs run from `/var/cache/dtlskit-peers/mbedtls-*/programs/ssl`. ")
                .append("mbedTLS 2.28 never fragments its ClientHello (checked with `mtu=150`: one 445-byte ")
                .append("datagram), so the fragmented-ClientHello rows use OpenSSL `-mtu 256` (its minimum) and ")
                .append("`gnutls-cli --mtu 200`; the relay's tap proves the fragments.\n")
                .append("- Key log: the library's `keyLog(Path)` writes NSS `CLIENT_RANDOM` lines; tshark captures the ")
                .append("session on `lo` and `tshark -r FILE -o tls.keylog_file:KEYLOG -d udp.port==P,dtls -Y data ")
                .append("-T fields -e data.data` must show the plaintext.\n\n");
        md.append("Cell text: `pass (H ms)` = the whole scenario passed, H = our client's handshake time (cookie ")
                .append("exchange included); `n/a` = the peer cannot run that suite (the reason is checked by the test, see the ")
                .append("note); `FAIL` = the scenario failed (the run is then red).\n");
        return md.toString();
    }

    private Cell find(String section, String peer, String direction, String row) {
        for (Cell c : cells) {
            if (c.section().equals(section) && c.peer().equals(peer) && c.direction().equals(direction)
                    && c.row().equals(row)) {
                return c;
            }
        }
        return null;
    }

    private static String cellText(Cell c, Map<String, Integer> notes) {
        if (c == null) {
            return "not run";
        }
        return switch (c.result()) {
            case PASS -> c.detail().isBlank() ? "pass" : "pass (" + c.detail() + ")";
            case NA -> "n/a " + noteRef(c.detail(), notes);
            case FAIL -> "**FAIL** " + noteRef(c.detail(), notes);
            case NOT_RUN -> "not run " + noteRef(c.detail(), notes);
        };
    }

    private static String noteRef(String text, Map<String, Integer> notes) {
        return "[" + notes.computeIfAbsent(text, t -> notes.size() + 1) + "]";
    }

    private static String label(Result r) {
        return switch (r) {
            case PASS -> "pass";
            case FAIL -> "**FAIL**";
            case NA -> "n/a";
            case NOT_RUN -> "not run";
        };
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    static void write(Path file, String markdown) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown);
    }
}
