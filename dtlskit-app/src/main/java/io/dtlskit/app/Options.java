package io.dtlskit.app;

import io.dtlskit.CipherSuite;
import io.dtlskit.PskKey;
import io.dtlskit.Endpoints;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Options and converters shared by the commands. */
public final class Options {
    private Options() {
    }

    /** Where the PSK key comes from: hex, a file, or an environment variable (one at most). */
    static final class PskSource {
        @Option(names = "--psk-key", paramLabel = "HEX",
                description = "PSK key as hex (visible to other local users: prefer --psk-key-file or --psk-key-env). "
                        + "Without any key option: Qt's example key 1a2b3c4d5e6f (a well-known test key).")
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

        /** True if a PSK option was given (with certificates, PSK suites are then offered too). */
        boolean given() {
            return source != null;
        }

        /** Resolves the key; bad input becomes a usage error that never echoes the key. */
        PskKey key(PrintWriter err) {
            if (source == null) {
                return QtDefaults.key();
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
                throw new Main.UsageException("cannot read PSK key file " + source.file + ": " + KeyLogFile.reason(e));
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
        try {
            KeyLogFile.createOrAppend(file);
        } catch (IOException e) {
            throw new Main.UsageException("cannot open key log " + file + ": " + KeyLogFile.reason(e));
        }
    }

    /** The operating system's reason why a file cannot be opened ({@code No such file or directory}). */
    public static String fileProblem(IOException e) {
        return KeyLogFile.reason(e);
    }

    static final String KEYLOG_HELP = "Append NSS key log lines (session secrets, for Wireshark/tshark decryption)"
            + " to FILE, created readable by its owner only (0600). If it cannot be written later, one warning"
            + " and logging stops; the associations carry on.";

    /** {@code --send TEXT|@FILE}: the UTF-8 text, or the file's bytes (at most one record, 16384 bytes). */
    static byte[] payload(String value) {
        if (!value.startsWith("@")) {
            return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Path file = Path.of(value.substring(1));
        try {
            if (Files.size(file) > 16_384) {
                throw new Main.UsageException("--send file " + file + " is larger than one record (16384 bytes)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Main.UsageException("--send file " + file + " does not exist");
        } catch (IOException e) {
            throw new Main.UsageException("cannot read --send file " + file + ": " + KeyLogFile.reason(e));
        }
    }

    /** Reads an identity:hexkey file; bad input becomes a usage error that never echoes a key. */
    static io.dtlskit.PskStore pskStore(Path file) {
        try {
            return io.dtlskit.PskStore.fromFile(file);
        } catch (NoSuchFileException e) {
            throw new Main.UsageException("PSK store file " + file + " does not exist");
        } catch (IOException e) {
            throw new Main.UsageException("cannot read PSK store file " + file + ": " + KeyLogFile.reason(e));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

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

    /** HOST:PORT, [V6]:PORT; port 0 allowed (a server binds an ephemeral port). */
    public static final class AddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return parseAddress(value);
        }
    }

    /** A server to connect to: like {@link AddressConverter}, but port 0 is not a destination. */
    public static final class ServerAddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            InetSocketAddress a = parseAddress(value);
            if (a.getPort() == 0) {
                throw new CommandLine.TypeConversionException("port 0 in '" + value
                        + "' is not a server's port: name the port the server listens on (default 22334)");
            }
            return a;
        }
    }

    static InetSocketAddress parseAddress(String value) {
        String v = value.strip();
        int colons = (int) v.chars().filter(c -> c == ':').count();
        if (colons > 1 && !v.startsWith("[")) {
            // An IPv6 address and a port cannot be told apart without brackets (RFC 3986 section 3.2.2).
            int last = v.lastIndexOf(':');
            throw new CommandLine.TypeConversionException("'" + value + "' is ambiguous: write an IPv6 address in"
                    + " brackets, e.g. [" + v.substring(0, last) + "]:" + v.substring(last + 1));
        }
        if (!v.contains(":") || v.endsWith(":")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (e.g. 127.0.0.1:22334 or"
                    + " [::1]:22334)");
        }
        try {
            return Endpoints.parse(v, -1);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    /**
     * 500ms, 5s, 1.5s, 2m, 1h. A bare number is refused: {@code --ping-interval 5} used to mean 5 ms
     * to one reader and 5 s to another.
     */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static Duration parseDuration(String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 5s, 2m)");
        }
        if (m.group(2) == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' needs a unit: " + m.group(1) + "s? "
                    + m.group(1) + "ms? (units: ms, s, m, h)");
        }
        double n = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m", "min" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return Duration.ofNanos((long) (millis * 1_000_000));
    }

    /** A duration as people write it: 500 ms, 5 s, 1.5 s, 2 min (never Java's PT5S). */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0 && ms < 10_000) {
            return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        return s % 60 == 0 && s >= 60 ? s / 60 + " min" : s + " s";
    }

    /** Refuses a zero or negative duration with the option's name, as a usage error. */
    static Duration positive(String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new Main.UsageException(option + " must be positive, was " + human(d));
        }
        return d;
    }

    /** Whole numbers without Java's type names in the message ("'abc' is not a long"). */
    static final class WholeNumber implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
        }
    }

    /** Registers {@link WholeNumber} for int and long options of every command. */
    static void registerNumbers(CommandLine cli) {
        WholeNumber n = new WholeNumber();
        cli.registerConverter(Long.class, n);
        cli.registerConverter(Long.TYPE, n);
        CommandLine.ITypeConverter<Integer> i = v -> {
            long l = n.convert(v);
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("'" + v + "' is too large");
            }
            return (int) l;
        };
        cli.registerConverter(Integer.class, i);
        cli.registerConverter(Integer.TYPE, i);
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
