package io.dtlskit.interop;

import io.dtlskit.probe.ProbeReport;
import io.dtlskit.probe.ProbeText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the probe reports of one run and writes docs/probe.md (system property
 * {@code probe.doc.file}; empty = do not write), like the interop matrix.
 */
final class ProbeDoc {
    private static final Map<String, String> SECTIONS = new TreeMap<>();

    private ProbeDoc() {
    }

    static synchronized void record(String name, String command, ProbeReport report) {
        String text = ProbeText.text(report).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
        SECTIONS.put(name, "### " + name + "\n\nServer: `" + command.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT")
                .replaceAll("(server_port=|-p |--port )\\d+", "$1PORT") + "`\n\n```text\n" + text + "```\n");
    }

    static synchronized void write() throws IOException {
        String file = System.getProperty("probe.doc.file", "");
        if (file.isBlank() || SECTIONS.size() < 4) {
            return; // only a full run (every peer) rewrites the published page
        }
        Path out = Path.of(file);
        String head = Files.exists(out) ? Files.readString(out) : "";
        int cut = head.indexOf("<!-- reports -->");
        StringBuilder sb = new StringBuilder(cut >= 0 ? head.substring(0, cut) : "# dtlskit probe\n\n");
        sb.append("<!-- reports -->\n## Reports from one run (").append(LocalDate.now(ZoneOffset.UTC)).append(")\n\n")
                .append("Written by `ProbeInteropTest` in dtlskit-interop (`mvn -pl dtlskit-interop -am verify\n")
                .append("-Dtest=ProbeInteropTest`, peers from scripts/install-interop-peers.sh); each peer started as\n")
                .append("shown, probed with `--psk-identity 'Alice (clone number 0)'` and the Qt example key. The\n")
                .append("test asserts that each report states the peer's configuration: suites, order, cookies,\n")
                .append("authentication; the mbedTLS amplification factor is checked against a relay's byte count.\n\n");
        SECTIONS.values().forEach(s -> sb.append(s).append('\n'));
        Files.writeString(out, sb.toString());
    }
}
