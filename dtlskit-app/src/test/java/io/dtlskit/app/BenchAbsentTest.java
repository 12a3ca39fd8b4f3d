package io.dtlskit.app;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's CLI carries no benchmark: {@code bench} there says where it is, in one line, exit 2. */
class BenchAbsentTest {
    @Test
    void benchWithoutTheBenchJarIsOneLineAndExitTwo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"bench", "handshakes"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("dtlskit: bench is not in this jar").contains("./dtlskit bench");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void noBenchmarkDependencyIsOnTheCliClassPath() {
        for (String absent : new String[] {"io.dtlskit.bench.BenchCommand", "org.openjdk.jmh.Main",
                "org.eclipse.californium.scandium.DTLSConnector", "org.HdrHistogram.Histogram"}) {
            assertThat(getClass().getClassLoader().getResource(absent.replace('.', '/') + ".class"))
                    .as(absent).isNull();
        }
    }
}
