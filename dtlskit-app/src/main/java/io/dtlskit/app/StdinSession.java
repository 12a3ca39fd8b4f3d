package io.dtlskit.app;

import io.dtlskit.AssociationListener;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsException;
import io.dtlskit.SendResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code client --stdin}, the habit of {@code openssl s_client}: each line read goes out as one record,
 * each record received is printed as one line (hex with {@code --hex}, else text with control
 * characters escaped: it comes from the network). At end of input it waits a bounded time for the
 * replies still owed, closes with close_notify, and exits 0.
 */
final class StdinSession {
    private final DtlsClient client;
    private final InetSocketAddress server;
    private final AssociationListener events;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean hex;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition replied = lock.newCondition();
    private long sent;
    private long received;

    StdinSession(DtlsClient client, InetSocketAddress server, AssociationListener events, PrintWriter out,
                 PrintWriter err, boolean hex) {
        this.client = client;
        this.server = server;
        this.events = events;
        this.out = out;
        this.err = err;
        this.hex = hex;
    }

    int run(BufferedReader in, Duration handshakeTimeout, Duration replyWait) throws IOException, InterruptedException {
        DtlsAssociation a = client.association(server).listener(events).onData(this::print).connect();
        try {
            a.handshake().get(handshakeTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            err.println("dtlskit: " + (e.getCause() instanceof DtlsException d ? d.getMessage() : e.getCause()));
            return Main.EXIT_FAILED;
        } catch (TimeoutException e) {
            err.println("dtlskit: " + a.name() + ": no handshake within " + handshakeTimeout.toMillis() + " ms");
            return Main.EXIT_FAILED;
        }
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (a.state().isTerminal()) {
                err.println("dtlskit: " + a.name() + " ended (" + a.state().name().toLowerCase() + ") before input line "
                        + number);
                return Main.EXIT_FAILED;
            }
            byte[] data;
            try {
                data = hex ? HexFormat.of().parseHex(line.strip().replace(" ", "")) : line.getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                err.println("dtlskit: input line " + number + " is not hex, not sent");
                continue;
            }
            SendResult r = a.send(data);
            if (r.isAccepted()) {
                lock.lock();
                try {
                    sent++;
                } finally {
                    lock.unlock();
                }
            } else {
                err.println("dtlskit: input line " + number + " not sent: " + r.reason());
            }
        }
        awaitReplies(replyWait);
        a.close();
        try {
            a.terminated().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the close is reported by the association's own events
        }
        return Main.EXIT_OK;
    }

    /** Until as many records came back as went out, at most {@code max}: a server may answer none. */
    private void awaitReplies(Duration max) throws InterruptedException {
        long left = max.toNanos();
        lock.lock();
        try {
            while (received < sent && left > 0) {
                left = replied.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void print(DtlsAssociation association, byte[] data) {
        out.println(hex ? HexFormat.of().formatHex(data) : inert(new String(data, StandardCharsets.UTF_8)));
        out.flush();
        lock.lock();
        try {
            received++;
            replied.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Peer text shown as text, by the CLI's one rule ({@link InertText}): {@code \x1b[31m}, not a colour. */
    static String inert(String s) {
        return InertText.escape(s);
    }
}
