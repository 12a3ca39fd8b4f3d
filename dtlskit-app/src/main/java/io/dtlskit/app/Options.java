package io.dtlskit.app;

import io.dtlskit.CipherSuite;
import io.dtlskit.PskKey;
import io.dtlskit.internal.Addresses;
import io.dtlskit.internal.OsReason;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Options and converters shared by the commands. */
final class Options {
    private Options() {
    }

    /** Where the PSK key comes from: hex, a file, or an environment variable (one at most). */
    static final class PskSource {
        @Option(names = "--psk-key", paramLabel = "HEX",
                description = "PSK key as hex (visible to other local users: prefer --psk-key-file or --psk-key-env).")
        String hex;

        @Option(names = "--psk-key-file", paramLabel = "FILE", description = "File holding the PSK key as hex.")
        Path file;

        @Option(names = "--psk-key-env", paramLabel = "VAR", description = "Environment variable holding the PSK key as hex.")
        String env;
    }

    /** Mixin: the PSK key options; default is Qt's key 1a2b3c4d5e6f. */
    static final class Psk {
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        PskSource source;

        /** Resolves the key; bad input becomes a usage error that never echoes the key. */
        PskKey key(PrintWriter err) {
            if (source == null) {
                return PskKey.qtExample();
            }
            try {
                if (source.hex != null) {
                    err.println("dtlskit: warning: --psk-key is visible to other local users (ps, shell history);"
                            + " prefer --psk-key-file FILE or --psk-key-env VAR");
                    return PskKey.ofHex(source.hex);
                }
                if (source.file != null) {
                    return PskKey.fromFile(source.file);
                }
                return PskKey.fromEnvironment(source.env);
            } catch (IOException e) {
                throw new Main.UsageException("cannot read PSK key file " + source.file + ": " + OsReason.of(e));
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
        }
    }

    /**
     * Opens (creating 0600) and closes the key log, so that a path that cannot be written is a usage
     * error with the operating system's reason before anything starts.
     */
    static void checkKeyLog(Path file) {
        if (file == null) {
            return;
        }
        try (io.dtlskit.internal.KeyLog ignored = io.dtlskit.internal.KeyLog.append(file)) {
            // only checking
        } catch (IOException e) {
            throw new Main.UsageException("cannot open key log " + file + ": " + OsReason.of(e));
        }
    }

    static final String KEYLOG_HELP = "Append NSS key log lines (session secrets, for Wireshark/tshark decryption)"
            + " to FILE, created readable by its owner only (0600). If it cannot be written later, one warning"
            + " and logging stops; the associations carry on.";

    /** Mixin: output format. */
    static final class Output {
        @Option(names = "--json", description = "One JSON object per event per line on standard output.")
        boolean json;

        @Option(names = {"-v", "--verbose"}, description = "Also show datagram-level events.")
        boolean verbose;

        @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
                description = "Colour output: auto, always or never (default: ${DEFAULT-VALUE}).")
        String color;

        boolean useColor() {
            return switch (color.toLowerCase(Locale.ROOT)) {
                case "always" -> true;
                case "never" -> false;
                case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null
                        && !"dumb".equals(System.getenv("TERM"));
                default -> throw new Main.UsageException("--color must be auto, always or never, not '" + color + "'");
            };
        }
    }

    /** HOST:PORT, [V6]:PORT. */
    static final class AddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            if (!value.contains(":") || value.endsWith(":")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT");
            }
            try {
                return Addresses.parse(value, -1);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    /** 5000, 5000ms, 5s, 1.5s, 2m, 1h. A bare number is milliseconds (Qt's timers are in ms). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 5s, 2m)");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m", "min" -> n * 60_000;
                default -> n * 3_600_000;
            };
            return Duration.ofNanos((long) (millis * 1_000_000));
        }
    }

    static final class SuiteConverter implements CommandLine.ITypeConverter<CipherSuite> {
        @Override
        public CipherSuite convert(String value) {
            try {
                return CipherSuite.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static List<CipherSuite> suitesOrDefault(List<CipherSuite> suites) {
        return suites == null || suites.isEmpty() ? CipherSuite.defaults() : new ArrayList<>(suites);
    }
}
