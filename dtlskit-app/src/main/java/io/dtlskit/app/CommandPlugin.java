package io.dtlskit.app;

/**
 * A subcommand that lives outside the CLI's jar, found with {@link java.util.ServiceLoader} when its
 * jar is on the class path (a {@code META-INF/services/io.dtlskit.app.CommandPlugin} entry). This is
 * how {@code dtlskit bench} joins the command line without its dependencies (JMH, Californium,
 * HdrHistogram, the Locust worker) in the user's jar: the launcher runs {@code dtlskit-bench.jar},
 * which holds the CLI and the bench.
 */
public interface CommandPlugin {
    /** A new picocli command object ({@code @Command}-annotated), added as a subcommand of {@code dtlskit}. */
    Object command();
}
