package io.dtlskit.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The operating system's reason in a file exception, for messages such as {@code cannot open key log
 * /x/k.log: No such file or directory}. The JDK's own message for a missing file is just the path,
 * which printed after the path reads {@code X: X}.
 */
public final class OsReason {
    private OsReason() {
    }

    public static String of(IOException e) {
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
