package io.dtlskit.app;

import io.dtlskit.TestPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Write a throw-away test PKI into DIR: a CA, a server certificate for localhost and 127.0.0.1,",
                "and a client certificate (EC P-256, 30 days; private keys mode 0600), with their SHA-256 fingerprints.",
                "Then: dtlskit server --cert DIR/server.pem --key DIR/server-key.pem --client-ca DIR/ca.pem",
                "      dtlskit client --server localhost:22334 --ca DIR/ca.pem --cert DIR/client.pem --key DIR/client-key.pem"})
final class CertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory to write into (created if missing; files of the same names are replaced).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TestPki.Written> written;
        try {
            written = TestPki.write(dir);
        } catch (IOException e) {
            spec.commandLine().getErr().println("dtlskit: cannot write the test PKI into " + dir + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        for (TestPki.Written w : written) {
            out.println(w.file() + "  " + w.description() + (w.fingerprint() == null ? "" : "\n    SHA-256 " + w.fingerprint()));
        }
        out.println();
        out.println("Mutual authentication in two commands:");
        out.println("  dtlskit server --cert " + dir.resolve("server.pem") + " --key " + dir.resolve("server-key.pem")
                + " --client-ca " + dir.resolve("ca.pem"));
        out.println("  dtlskit client --server localhost:22334 --ca " + dir.resolve("ca.pem") + " --cert "
                + dir.resolve("client.pem") + " --key " + dir.resolve("client-key.pem") + " --pings 3");
        return Main.EXIT_OK;
    }
}
