package io.dtlskit.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The app is built on the library's public API only (io.dtlskit), never on io.dtlskit.internal. */
class PublicApiOnlyTest {
    @Test
    void noSourceOfTheAppImportsTheLibrarysInternals() throws Exception {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("io.dtlskit.internal");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).as("sources using io.dtlskit.internal").isEmpty();
    }
}
