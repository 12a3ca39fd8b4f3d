package io.dtlskit.interop;

import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The certificate rows of one run as they happen, and their table (docs/interop-certificates.md). */
final class CertRows {
    static final List<String[]> ROWS = new ArrayList<>();

    private CertRows() {
    }

    interface Scenario {
        String run() throws Exception;
    }

    /** Runs one row and records pass (with what it showed), FAIL (with why) or not run. */
    static void row(String peer, String direction, String what, Scenario s) throws Exception {
        try {
            ROWS.add(new String[] {peer, direction, what, "pass", s.run()});
        } catch (TestAbortedException e) {
            ROWS.add(new String[] {peer, direction, what, "not run", e.getMessage()});
            throw e;
        } catch (Throwable e) {
            ROWS.add(new String[] {peer, direction, what, "FAIL", InteropRun.firstLine(e)});
            throw e;
        }
    }

    /** Writes target/interop-certificates.md, and docs/ when every expected row passed. */
    static void write(int expectedRows) throws Exception {
        StringBuilder md = new StringBuilder("# Interoperability: certificates and raw public keys\n\n");
        md.append("<!-- Written by dtlskit-interop's CertificateInteropTest at the end of its run; do not edit by hand. -->\n\n");
        md.append("dtlskit with X.509 certificates (EC P-256, a test CA made for the run) and raw public keys (RFC 7250) ")
                .append("against peer programs run for real on 127.0.0.1. Negative rows show the failure text a user sees.\n\n");
        md.append("- Run: ").append(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).append(", ")
                .append(ROWS.stream().filter(r -> r[3].equals("pass")).count()).append(" of ").append(ROWS.size())
                .append(" rows passed.\n");
        md.append("- Command: `mvn -pl dtlskit-interop -am verify -Dtest=CertificateInteropTest -Dsurefire.failIfNoSpecifiedTests=false`\n");
        md.append("- OpenSSL: ").append(Peers.firstLine(List.of("openssl", "version"))).append("; GnuTLS: ")
                .append(Peers.find("gnutls-cli").map(p -> Peers.firstLine(List.of(p.toString(), "--version"))).orElse("not installed"))
                .append("; mbedTLS: ").append(Peers.mbedTlsProgramsDir().map(d -> d.getParent().getParent().getFileName().toString())
                        .orElse("not built")).append("; Scandium ").append(Scandium.version()).append("\n\n");
        for (String direction : List.of(CertificateInteropTest.TO_PEER, CertificateInteropTest.TO_US)) {
            md.append("## ").append(direction).append("\n\n| peer | case | result | detail |\n|---|---|---|---|\n");
            for (String[] r : ROWS) {
                if (r[1].equals(direction)) {
                    md.append("| ").append(r[0]).append(" | ").append(r[2]).append(" | ").append(r[3]).append(" | ")
                            .append(r[4].replace("|", "\\|").replace("\n", " ")).append(" |\n");
                }
            }
            md.append('\n');
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/interop-certificates.md"), md);
        String file = System.getProperty("interop.certificates.file", "");
        if (!file.isBlank() && ROWS.size() == expectedRows && ROWS.stream().allMatch(r -> r[3].equals("pass"))) {
            Files.writeString(Path.of(file), md);
        }
    }
}
