package io.dtlskit.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The CLI's check of a key log path before anything starts, and the operating system's reason for a
 * file that cannot be opened. The library creates the key log the same way (0600: it holds session
 * secrets); checking here turns a bad path into a usage error (exit 2) instead of a failed run.
 */
final class KeyLogFile {
    private KeyLogFile() {
    }

    /** Creates {@code file} readable by its owner only if it does not exist; opens it for appending. */
    static void createOrAppend(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (var ignored = posix
                ? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.newByteChannel(file, options)) {
            // only checking
        }
    }

    /**
     * {@code No such file or directory}, {@code Permission denied}, ...: the JDK's own message for a
     * missing file is just the path, which printed after the path reads {@code X: X}.
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
