package io.dtlskit.app;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.AssociationState;
import io.dtlskit.AssociationStats;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a set of associations for the client and demo commands, and decides when each is finished:
 * when it ended, or when its last ping was answered, or a grace period after its last ping.
 */
final class ClientRun {
    private final DtlsClient client;
    private final AssociationListener output;
    private final long pings;
    private final Duration grace;
    private final int maxUnanswered;
    private final List<Tracked> tracked = new ArrayList<>();
    private volatile boolean interrupted;

    ClientRun(DtlsClient client, AssociationListener output, long pings, Duration pingInterval) {
        this(client, output, pings, pingInterval, 0);
    }

    /** {@code maxUnanswered} > 0: an association whose last that many pings went unanswered is ended as failed. */
    ClientRun(DtlsClient client, AssociationListener output, long pings, Duration pingInterval, int maxUnanswered) {
        this.client = client;
        this.output = output;
        this.pings = pings;
        this.maxUnanswered = maxUnanswered;
        // A reply normally takes a millisecond on loopback; wait one ping interval (at least 1 s) for the last one.
        this.grace = pingInterval.compareTo(Duration.ofSeconds(1)) > 0 ? pingInterval : Duration.ofSeconds(1);
    }

    /** Opens {@code connections} associations to each server, with Qt's default names. */
    void open(List<InetSocketAddress> servers, int connections) {
        for (InetSocketAddress server : servers) {
            for (int i = 0; i < connections; i++) {
                Tracked t = new Tracked(server);
                t.association = client.association(server).listener(t).connect();
                synchronized (tracked) {
                    tracked.add(t);
                }
            }
        }
    }

    List<DtlsAssociation> associations() {
        synchronized (tracked) {
            return tracked.stream().map(t -> t.association).toList();
        }
    }

    /** Waits until every association is finished (see class comment), at most {@code max}. */
    boolean awaitFinished(Duration max) throws InterruptedException {
        return awaitFinished(max, new CompletableFuture<>());
    }

    /** As {@link #awaitFinished(Duration)}, and returns at once when {@code stop} completes (Ctrl-C). */
    boolean awaitFinished(Duration max, CompletableFuture<?> stop) throws InterruptedException {
        List<CompletableFuture<Void>> all;
        synchronized (tracked) {
            all = tracked.stream().map(t -> t.finished).toList();
        }
        try {
            CompletableFuture.anyOf(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), stop)
                    .get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Waits until every association has ended (after close), at most {@code max}. */
    void awaitTerminated(Duration max) {
        try {
            CompletableFuture.allOf(associations().stream().map(DtlsAssociation::terminated)
                    .toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // the summary shows whatever state each one reached
        }
    }

    /** Datagrams dropped by every association, by reason. */
    java.util.Map<io.dtlskit.DropReason, Long> dropped() {
        java.util.Map<io.dtlskit.DropReason, Long> sum = new java.util.EnumMap<>(io.dtlskit.DropReason.class);
        for (AssociationStats s : stats()) {
            s.dropped().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }

    /** Each completed association's peer identity (certificate subject, raw key, or PSK hint), by name. */
    java.util.Map<String, io.dtlskit.PeerIdentity> peers() {
        java.util.Map<String, io.dtlskit.PeerIdentity> out = new java.util.HashMap<>();
        for (DtlsAssociation a : associations()) {
            var h = a.handshake();
            if (h.isDone() && !h.isCompletedExceptionally() && h.join().peer() != null) {
                out.put(a.name(), h.join().peer());
            }
        }
        return out;
    }

    List<AssociationStats> stats() {
        return associations().stream().map(DtlsAssociation::stats).toList();
    }

    /** The run was stopped by Ctrl-C (or SIGTERM): associations still handshaking say so. */
    void markInterrupted() {
        interrupted = true;
    }

    /** Each association's end, with the reason for those that did not complete a handshake and get a reply. */
    List<Summary.Outcome> outcomes() {
        List<Tracked> copy;
        synchronized (tracked) {
            copy = List.copyOf(tracked);
        }
        List<Summary.Outcome> out = new ArrayList<>();
        for (Tracked t : copy) {
            AssociationStats s = t.association.stats();
            String why = null;
            if (t.failure != null) {
                why = t.failure;
            } else if (s.cipherSuite() == null) {
                why = t.association.name() + (interrupted ? ": interrupted during handshake" : ": no handshake");
            } else if (s.repliesReceived() == 0) {
                why = t.association.name() + ": no reply to " + s.pingsSent() + " ping(s)";
            }
            out.add(new Summary.Outcome(s, t.server, why));
        }
        return out;
    }

    /** Null if every association completed its handshake and got a reply; else the one-line reason. */
    String failureReason() {
        List<Summary.Outcome> all = outcomes();
        List<Summary.Outcome> bad = all.stream().filter(o -> o.failure() != null).toList();
        if (bad.isEmpty()) {
            return null;
        }
        return InertText.escape(bad.size() + " of " + all.size() + " association(s) failed; first: " + bad.get(0).failure());
    }

    /** {@code 3 associations: 3 encrypted | pings 9, replies 9}: the live status line. */
    String status() {
        Map<AssociationState, Integer> byState = new EnumMap<>(AssociationState.class);
        long sent = 0;
        long replies = 0;
        List<AssociationStats> all = stats();
        for (AssociationStats s : all) {
            byState.merge(s.state(), 1, Integer::sum);
            sent += s.pingsSent();
            replies += s.repliesReceived();
        }
        StringBuilder sb = new StringBuilder().append(all.size()).append(" association(s):");
        byState.forEach((state, n) -> sb.append(' ').append(n).append(' ').append(state.name().toLowerCase()));
        return sb.append(" | pings ").append(sent).append(", replies ").append(replies).toString();
    }

    private final class Tracked implements AssociationListener {
        final InetSocketAddress server;
        volatile DtlsAssociation association;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        volatile long replies;
        volatile String failure;
        /** Pings in a row without a reply, counted as the core counts them: when the next ping goes out. */
        private int unanswered;
        private boolean lastAnswered = true;

        Tracked(InetSocketAddress server) {
            this.server = server;
        }

        @Override
        public void onEvent(AssociationEvent event) {
            output.onEvent(event);
            switch (event) {
                case AssociationEvent.PingSent p -> {
                    unanswered = lastAnswered ? 0 : unanswered + 1;
                    lastAnswered = false;
                    if (maxUnanswered > 0 && unanswered >= maxUnanswered && failure == null) {
                        failure = p.association() + ": the server answered none of the last " + unanswered
                                + " pings (--max-unanswered " + maxUnanswered + ")";
                        // Not from this listener: it runs on the association's own thread.
                        Thread.ofVirtual().start(association::close);
                        finished.complete(null);
                    } else if (pings > 0 && p.number() == pings - 1) {
                        finished.completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                case AssociationEvent.ServerResponse r -> {
                    lastAnswered = true;
                    unanswered = 0;
                    replies++;
                    if (pings > 0 && replies >= pings) {
                        finished.complete(null);
                    }
                }
                case AssociationEvent.Failed f -> failure = f.message();
                case AssociationEvent.Closed c -> finished.complete(null);
                default -> { }
            }
        }
    }
}
