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
    private final List<Tracked> tracked = new ArrayList<>();

    ClientRun(DtlsClient client, AssociationListener output, long pings, Duration pingInterval) {
        this.client = client;
        this.output = output;
        this.pings = pings;
        // A reply normally takes a millisecond on loopback; wait one ping interval (at least 1 s) for the last one.
        this.grace = pingInterval.compareTo(Duration.ofSeconds(1)) > 0 ? pingInterval : Duration.ofSeconds(1);
    }

    /** Opens {@code connections} associations to each server, with Qt's default names. */
    void open(List<InetSocketAddress> servers, int connections) {
        for (InetSocketAddress server : servers) {
            for (int i = 0; i < connections; i++) {
                Tracked t = new Tracked();
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
        List<CompletableFuture<Void>> all;
        synchronized (tracked) {
            all = tracked.stream().map(t -> t.finished).toList();
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Null if every association completed its handshake and got a reply; else the one-line reason. */
    String failureReason() {
        int bad = 0;
        String first = null;
        List<Tracked> copy;
        synchronized (tracked) {
            copy = List.copyOf(tracked);
        }
        for (Tracked t : copy) {
            AssociationStats s = t.association.stats();
            String why = null;
            if (t.failure != null) {
                why = t.failure;
            } else if (s.cipherSuite() == null) {
                why = t.association.name() + ": no handshake";
            } else if (s.repliesReceived() == 0) {
                why = t.association.name() + ": no reply to " + s.pingsSent() + " ping(s)";
            }
            if (why != null) {
                bad++;
                if (first == null) {
                    first = why;
                }
            }
        }
        if (bad == 0) {
            return null;
        }
        return bad + " of " + copy.size() + " association(s) failed; first: " + first;
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
        volatile DtlsAssociation association;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        volatile long replies;
        volatile String failure;

        @Override
        public void onEvent(AssociationEvent event) {
            output.onEvent(event);
            switch (event) {
                case AssociationEvent.PingSent p when pings > 0 && p.number() == pings - 1 ->
                        finished.completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS);
                case AssociationEvent.ServerResponse r -> {
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
