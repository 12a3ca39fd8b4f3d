package io.dtlskit.app;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code dtlskit test} is the launcher's (it runs {@code mvn verify} in the source tree); this entry
 * makes it appear in {@code dtlskit --help} and {@code dtlskit help test}. Reached only when the jar
 * is run directly, where there are no sources to test.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs the whole test suite: mvn verify on every module, with a JDK >= 21 it finds,",
                "under xvfb-run when there is no display (the GUI tests need one). Extra arguments go to Maven,",
                "e.g. ./dtlskit test -pl dtlskit-app -Dtest=CliTest.",
                "Only the ./dtlskit launcher in the source tree can run it."})
final class TestCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Unmatched
    java.util.List<String> mavenArguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("dtlskit: 'test' runs from the source tree: use ./dtlskit test there");
        return Main.EXIT_USAGE;
    }
}
