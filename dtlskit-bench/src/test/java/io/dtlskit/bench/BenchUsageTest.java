package io.dtlskit.bench;

import io.dtlskit.app.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dtlskit bench} as the user meets it: the CLI with the bench plugin on its class path. */
class BenchUsageTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void benchWithoutSubcommandPrintsItsUsageAndExitsTwo() {
        Run r = run("bench");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'bench' needs a subcommand").contains("Usage: dtlskit bench")
                .contains("handshakes").contains("worker");
    }

    @Test
    void benchHelpIsNotAnError() {
        Run help = run("bench", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: dtlskit bench");
    }
}
