package io.dtlskit.internal;

import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends NSS key log lines ({@code CLIENT_RANDOM <client random> <master secret>}) so Wireshark or
 * tshark can decrypt a capture. This writes secrets on purpose, to a file the user named, so a new
 * file is created readable by its owner only (0600), and an existing regular file that others can read
 * is narrowed to 0600 before the first secret goes in (or refused when that is not allowed).
 *
 * <p>The key log is a side feature: when a write fails (a full disk, {@code /dev/full}) it stops
 * logging and reports one warning, and the handshake carries on.
 */
public final class KeyLog implements AutoCloseable {
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path file;
    private final Writer out;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean failed;

    private KeyLog(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens {@code file} for appending, creating it 0600 if it does not exist, and narrowing an existing
     * regular file that others could read to 0600.
     *
     * @throws IOException with the operating system's reason ({@link OsReason})
     */
    public static KeyLog append(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        var channel = posix ? Files.newByteChannel(file, options, OWNER_ONLY) : Files.newByteChannel(file, options);
        if (posix && Files.isRegularFile(file)) {
            try {
                ownerOnly(file);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        return new KeyLog(file, Channels.newWriter(channel, StandardCharsets.US_ASCII));
    }

    /** An existing key log that group or others may read would hand them every session's secrets. */
    private static void ownerOnly(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> narrowed = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : perms) {
            if (p == PosixFilePermission.OWNER_READ || p == PosixFilePermission.OWNER_WRITE) {
                narrowed.add(p);
            }
        }
        if (!narrowed.equals(perms)) {
            try {
                Files.setPosixFilePermissions(file, narrowed);
            } catch (IOException e) {
                throw new IOException(file + " is readable by others and its permissions cannot be narrowed to 0600 ("
                        + OsReason.of(e) + "); choose a file of your own", e);
            }
        }
    }

    /**
     * Logs the session of a just-completed handshake. Returns null, or, for the first failed write
     * only, the warning to show; after that nothing more is logged.
     */
    String log(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        lock.lock();
        try {
            if (failed) {
                return null;
            }
            // Extracting the live secret would destroy it (docs/bouncy-castle.md, key log): extract a copy.
            byte[] master = context.getCrypto().adoptSecret(sp.getMasterSecret()).extract();
            String line = "CLIENT_RANDOM " + Hex.encode(sp.getClientRandom()) + " " + Hex.encode(master) + "\n";
            java.util.Arrays.fill(master, (byte) 0);
            try {
                out.write(line);
                out.flush();
                return null;
            } catch (IOException e) {
                failed = true;
                return "cannot write the key log " + file + " (" + OsReason.of(e) + "); key logging stopped,"
                        + " the association carries on";
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            out.close();
        } catch (IOException e) {
            if (!failed) {
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }
}
