package io.dtlskit.internal;

import io.dtlskit.internal.Hex;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends NSS key log lines ({@code CLIENT_RANDOM <client random> <master secret>}) so Wireshark or
 * tshark can decrypt a capture. This writes secrets on purpose, to a file the user named.
 */
public final class KeyLog implements AutoCloseable {
    private final Writer out;

    private KeyLog(Writer out) {
        this.out = out;
    }

    public static KeyLog append(Path file) throws IOException {
        return new KeyLog(Files.newBufferedWriter(file, StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** Logs the session of a just-completed handshake. */
    void log(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        // Extracting the live secret would destroy it (docs/bouncy-castle.md, key log): extract a copy.
        byte[] master = context.getCrypto().adoptSecret(sp.getMasterSecret()).extract();
        String line = "CLIENT_RANDOM " + Hex.encode(sp.getClientRandom()) + " " + Hex.encode(master) + "\n";
        java.util.Arrays.fill(master, (byte) 0);
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
