package io.dtlskit.worker;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.HandshakeResult;
import io.dtlskit.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated device, Locust's "user": on its own virtual thread it handshakes, then echoes every
 * interval, and after the configured number of echoes closes (close_notify) and handshakes again, until
 * stopped. Each handshake and each echo is one request in {@link RequestStats}.
 *
 * <p>Its state is its own: its number, its association, the echo it waits for. {@link #stop()} makes
 * it end soon from any thread: the association is aborted, and whatever was in flight is not counted
 * (Locust does not count a request its user was killed in, either).
 */
final class DeviceUser {
    private static final Logger log = LoggerFactory.getLogger(DeviceUser.class);
    private static final Duration MIN_RETRY_PAUSE = Duration.ofMillis(100);

    private final String userClass;
    private final String name;
    private final WorkerSettings settings;
    private final DtlsClient client;
    private final RequestStats stats;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicReference<CompletableFuture<Integer>> pendingEcho = new AtomicReference<>();
    private volatile DtlsAssociation association;
    private volatile boolean portUnreachable;
    private volatile boolean stopped;
    /** Which of this user's associations is current; events of earlier ones (a late Closed) are ignored. */
    private volatile int generation;
    private long echoes;
    private Thread thread;

    DeviceUser(String userClass, String name, WorkerSettings settings, DtlsClient client, RequestStats stats) {
        this.userClass = userClass;
        this.name = name;
        this.settings = settings;
        this.client = client;
        this.stats = stats;
    }

    String userClass() {
        return userClass;
    }

    void start() {
        thread = Thread.ofVirtual().name("dtlskit-worker-user-" + name).start(this::run);
    }

    /** Ends this user soon; returns at once. */
    void stop() {
        stopped = true;
        stopSignal.countDown();
        DtlsAssociation a = association;
        if (a != null) {
            a.abort();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits (bounded) for the user's thread to end after {@link #stop()}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        Thread t = thread;
        return t == null || t.join(timeout);
    }

    private void run() {
        try {
            loop();
        } catch (RuntimeException e) {
            // A bug, not a network failure (those are reported as requests): say which user ended and why.
            log.warn("{}: user ended by an unexpected error", name, e);
        }
    }

    private void loop() {
        while (!stopped) {
            DtlsAssociation a = handshake();
            if (a == null) {
                pause(settings.echoInterval().compareTo(MIN_RETRY_PAUSE) < 0 ? MIN_RETRY_PAUSE : settings.echoInterval());
                continue;
            }
            int n = 0;
            while (!stopped && (settings.echoesPerAssociation() == 0 || n < settings.echoesPerAssociation())) {
                if (!pause(settings.echoInterval()) || !echo(a)) {
                    break;
                }
                n++;
            }
            association = null;
            if (stopped) {
                a.abort();
            } else {
                a.close(); // close_notify (RFC 5246 §7.2.1), then a fresh handshake
            }
        }
    }

    /** One handshake (full, or abbreviated with --resume); the association, or null after reporting why it failed. */
    private DtlsAssociation handshake() {
        portUnreachable = false;
        int current = ++generation;
        long start = System.nanoTime();
        DtlsAssociation a;
        try {
            DtlsClient.AssociationBuilder b = client.association(settings.server())
                    .name(name)
                    .pskIdentity(name)
                    .onData((association, data) -> replied(current, data))
                    .listener(listener(current));
            if (settings.localAddress() != null) {
                b.localAddress(new InetSocketAddress(settings.localAddress(), 0));
            }
            a = b.connect();
        } catch (RuntimeException e) {
            report(Requests.HANDSHAKE, start, Failures.handshake(e, false));
            return null;
        }
        association = a;
        if (stopped) {
            a.abort();
            return null;
        }
        // The association gives up by itself after the handshake timeout; the margin only guards the worker.
        Duration bound = settings.handshakeTimeout().plusSeconds(5);
        try {
            HandshakeResult r = a.handshake().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (!stopped) {
                stats.success(Requests.handshakeName(r), millisSince(start), 0);
            }
            return a;
        } catch (ExecutionException e) {
            report(Requests.HANDSHAKE, start, Failures.handshake(e, portUnreachable));
        } catch (TimeoutException e) {
            report(Requests.HANDSHAKE, start, "timeout: no handshake after " + bound.toSeconds() + " s");
        } catch (InterruptedException e) {
            // stopped
        }
        association = null;
        a.abort();
        return null;
    }

    /** One echo round trip; false if it failed (reported) or the user was stopped. */
    private boolean echo(DtlsAssociation a) {
        CompletableFuture<Integer> reply = new CompletableFuture<>();
        pendingEcho.set(reply);
        // Qt's ping text (the wire contract the Qt server and ours answer with "to (address): ACK").
        byte[] payload = ("I am " + name + ", please, accept our ping " + echoes++).getBytes(StandardCharsets.ISO_8859_1);
        long start = System.nanoTime();
        try {
            SendResult sent = a.send(payload);
            if (!sent.isAccepted()) {
                report(Requests.ECHO, start, Failures.echoNotSent(sent));
                return false;
            }
            // Also fails when the association ends meanwhile (see listener()).
            int length = reply.get(settings.echoTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!stopped) {
                stats.success(Requests.ECHO, millisSince(start), length);
            }
            return true;
        } catch (ExecutionException e) {
            report(Requests.ECHO, start, Failures.echo(e));
        } catch (TimeoutException e) {
            report(Requests.ECHO, start, Failures.echoTimeout(settings.echoTimeout()));
        } catch (InterruptedException e) {
            return false;
        } finally {
            pendingEcho.set(null);
        }
        return false;
    }

    private AssociationListener listener(int mine) {
        return event -> {
            if (mine != generation) {
                return; // the previous association's close_notify exchange ending after the next one started
            }
            switch (event) {
                case AssociationEvent.Failed f -> {
                    CompletableFuture<Integer> p = pendingEcho.get();
                    if (p != null) {
                        p.completeExceptionally(f.cause());
                    }
                }
                case AssociationEvent.Closed c -> {
                    CompletableFuture<Integer> p = pendingEcho.get();
                    if (p != null) {
                        p.completeExceptionally(new io.dtlskit.AssociationClosedException(c.association(),
                                c.association() + ": closed (" + c.reason() + ")"));
                    }
                }
                // The core reports ICMP port unreachable only as a warning; it decides "refused" vs "timeout".
                case AssociationEvent.Warning w when w.text().startsWith("ICMP port unreachable") -> portUnreachable = true;
                default -> {
                }
            }
        };
    }

    /** The server's answer to our echo (the one outstanding at a time), on the association's thread. */
    private void replied(int mine, byte[] data) {
        CompletableFuture<Integer> f = pendingEcho.get();
        if (mine == generation && f != null) {
            f.complete(data.length);
        }
    }

    private void report(String request, long start, String error) {
        if (!stopped) {
            stats.failure(request, millisSince(start), error);
        }
    }

    /** Waits {@code d} unless stopped first; true if the user should go on. */
    private boolean pause(Duration d) {
        try {
            return !stopSignal.await(d.toNanos(), TimeUnit.NANOSECONDS) && !stopped;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
