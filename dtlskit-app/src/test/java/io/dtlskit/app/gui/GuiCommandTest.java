package io.dtlskit.app.gui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GuiCommandTest {
    /** Runs the command the way Main will (as a picocli command) in a fresh JVM. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GuiCommand()).execute(args));
    }

    record Run(int exit, String out, String err) {
    }

    /** A separate JVM without DISPLAY: headless status is fixed per JVM, so it cannot be tested in this one. */
    static Run runWithoutDisplay(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GuiCommandTest.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void noDisplayGivesOneClearLineAndExitCode2() throws Exception {
        for (String[] args : new String[][] {{}, {"server"}}) {
            Run r = runWithoutDisplay(args);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().toList()).containsExactly(
                    "dtlskit gui: no display available (is DISPLAY set?); run it on a desktop, or under xvfb-run for tests");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyWindow() {
        assertThat(run("client")).isEqualTo("2|dtlskit gui: unknown window 'client': use 'dtlskit gui' or 'dtlskit gui server'");
        assertThat(run("--port", "70000")).isEqualTo("2|dtlskit gui: port must be 0 to 65535, was 70000");
        assertThat(run("--theme", "pink")).isEqualTo("2|dtlskit gui: theme must be auto, light or dark, was 'pink'");
        assertThat(run("--psk-key-file", "/nonexistent/key"))
                .isEqualTo("2|dtlskit gui: cannot read PSK key file /nonexistent/key: No such file or directory");
    }

    @Test
    void helpNamesTheServerParameter() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new GuiCommand());
        cl.setOut(new PrintWriter(out));
        cl.usage(new PrintWriter(out));
        assertThat(out.toString()).contains("Usage: gui", "[server]", "--psk-key-file=FILE", "--local-server", "--help");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new GuiCommand());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return code + "|" + err.toString().strip();
    }
}
