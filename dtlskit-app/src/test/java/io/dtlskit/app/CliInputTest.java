package io.dtlskit.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.dtlskit.app.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Input the user gets wrong, and the launcher's own commands: one clear line, exit 2, no Java internals. */
class CliInputTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "client|--ping-interval|5         |'5' needs a unit: 5s? 5ms?",
            "client|--handshake-timeout|60    |'60' needs a unit: 60s? 60ms?",
            "server|--idle-timeout|600        |'600' needs a unit",
            "demo|--ping-interval|300         |'300' needs a unit",
            "client|--handshake-timeout|0s    |--handshake-timeout must be positive, was 0 ms",
            "server|--handshake-timeout|0ms   |--handshake-timeout must be positive, was 0 ms",
            "client|--server|::1:22335        |write an IPv6 address in brackets, e.g. [::1]:22335",
            "client|--server|127.0.0.1:0      |port 0 in '127.0.0.1:0' is not a server's port",
            "client|--pings|abc               |'abc' is not a whole number",
            "client|--connections|many        |'many' is not a whole number",
            "server|--max-associations|x      |'x' is not a whole number",
    })
    void badValuesGiveOneClearLineAndExitTwo(String command, String option, String value, String expected) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        if (command.equals("client") && !option.equals("--server")) {
            args.addAll(List.of("--server", "127.0.0.1:9"));
        }
        args.addAll(List.of(option, value.strip()));
        CliTest.Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString().startsWith("dtlskit: ").contains(expected)
                .doesNotContain("PT0S").doesNotContain("is not a long").doesNotContain("is not an int")
                .doesNotContain("Exception");
    }

    @Test
    void durationsAcceptEveryUnitAndReadBackAsPeopleWriteThem() {
        assertThat(Options.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Options.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Options.human(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Options.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Options.human(Duration.ofSeconds(60))).isEqualTo("1 min");
        assertThat(Options.human(Duration.ofSeconds(45))).isEqualTo("45 s");
    }

    @Test
    void ipv6InBracketsIsAccepted() {
        assertThat(Options.parseAddress("[::1]:22335").getPort()).isEqualTo(22335);
        assertThat(Options.parseAddress("[::1]:22335").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void guiHandshakeTimeoutNeedsAUnitToo() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err, true));
        assertThat(cl.execute("gui", "--handshake-timeout", "30")).isEqualTo(2);
        assertThat(err.toString()).contains("'30' needs a unit: 30s? 30ms?");
    }

    @Test
    void versionNamesDtlskitAndBouncyCastle() {
        CliTest.Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("dtlskit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Bouncy Castle 1\\.\\d+, Java \\d+.*\\)");
        assertThat(run("client", "--version").out()).isEqualTo(r.out());
    }

    @Test
    void helpTestDescribesTheLaunchersTestCommand() {
        CliTest.Run r = run("help", "test");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: dtlskit test").contains("mvn verify");
        assertThat(run("--help").out()).contains("test");
    }

    @Test
    void benchOutsideTheBenchJarIsAUsageErrorThatSaysWhereItIs() {
        // The user's jar carries no benchmark code (issue 16): the launcher runs bench from its own jar;
        // the usage of `bench` without a subcommand is tested in dtlskit-bench (BenchUsageTest).
        CliTest.Run r = run("bench");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bench is not in this jar").contains("./dtlskit bench");
    }

    @Test
    void addressesInMessagesHaveNoLeadingSlash() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            CliTest.Run r = run("server", "--bind", "127.0.0.1:" + taken.getLocalPort());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("dtlskit: cannot bind 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .doesNotContain("/127.0.0.1");
        }
    }
}
