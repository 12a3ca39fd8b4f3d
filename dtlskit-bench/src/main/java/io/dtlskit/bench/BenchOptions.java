package io.dtlskit.bench;

import io.dtlskit.CipherSuite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Options every bench subcommand shares (a picocli mixin). */
public final class BenchOptions {
    @Option(names = "--server", paramLabel = "HOST:PORT", converter = AddressConverter.class,
            description = "Run dtlskit against this external server instead of an embedded one in a second JVM.")
    InetSocketAddress server;

    @Option(names = "--suite", paramLabel = "SUITE", converter = SuiteConverter.class,
            defaultValue = "TLS_PSK_WITH_AES_128_GCM_SHA256",
            description = "Cipher suite, IANA or OpenSSL name (default: ${DEFAULT-VALUE}).")
    CipherSuite suite;

    @Option(names = "--baseline", paramLabel = "plain-udp|californium", converter = BaselineConverter.class,
            description = "Also run this baseline in the same invocation and print ratios against it (repeatable).")
    List<Stack> baselines = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "C", description = "Handshakes in flight at most.")
    Integer concurrency;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30s", description = "Give up one handshake after this long (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--server-jvm-arg", paramLabel = "ARG",
            description = "Extra JVM argument for the embedded server process, e.g. a JFR recording (repeatable).")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "Record a JFR profile of the measured window (no start-up, no warm-up) in both JVMs: "
                    + "DIR/<run>-client.jfr and DIR/<run>-server.jfr.")
    java.nio.file.Path jfr;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Option(names = "--json-file", paramLabel = "FILE",
            description = "Also write the JSON report to this file (whatever the console shows).")
    java.nio.file.Path jsonFile;

    @Option(names = "--quiet", description = "No progress line on stderr.")
    boolean quiet;

    /** dtlskit first, then each baseline once, in the order given. */
    List<Stack> stacks() {
        List<Stack> out = new ArrayList<>();
        out.add(Stack.DTLSKIT);
        for (Stack s : baselines) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) throws Exception {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected HOST:PORT, got '" + value + "'");
            }
            String host = value.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(value.substring(colon + 1));
            return new InetSocketAddress(InetAddress.getByName(host), port);
        }
    }

    static final class SuiteConverter implements ITypeConverter<CipherSuite> {
        @Override
        public CipherSuite convert(String value) {
            return CipherSuite.parse(value);
        }
    }

    static final class BaselineConverter implements ITypeConverter<Stack> {
        @Override
        public Stack convert(String value) {
            Stack s = Stack.parse(value);
            if (s == Stack.DTLSKIT) {
                throw new IllegalArgumentException("dtlskit always runs; baselines are plain-udp and californium");
            }
            return s;
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, or an ISO-8601 duration. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            return Duration.parse(value);
        }
    }
}
