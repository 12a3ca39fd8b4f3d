package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationState;
import io.dtlskit.DropReason;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.ResourceCheck;
import io.dtlskit.testing.UdpRelay;
import io.dtlskit.testing.UdpRelay.Direction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated records (valid headers with random bodies, truncated records, wrong epochs, huge
 * lengths, replayed captured records) sent to a server, from a stranger and from an established peer's
 * own address, and to an established client (issue 7, "Hostile input and limits"). For every try:
 * nothing escapes (no failure event, the associations stay ENCRYPTED), the associations keep exchanging
 * pings, every pre-engine drop is counted under the reason the datagram's construction implies, and
 * replayed application data is never delivered twice. After all tries: no thread or socket leaks and the
 * heap is back near where it started.
 *
 * <p>One fixture (server, relay, two pinging associations) serves all tries; seeds are fixed.
 */
class HostileRecordsProperties {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int MAX_DATAGRAM = 18_432; // the server default
    /** The client drops datagrams above one largest DTLS 1.2 record (RFC 6347 §4.1: 13 + 2^14 + 2048). */
    static final int CLIENT_MAX_DATAGRAM = 13 + 16_384 + 2_048;
    /** OVERSIZE datagrams exceed both limits. */
    static final int OVERSIZE_FLOOR = Math.max(MAX_DATAGRAM, CLIENT_MAX_DATAGRAM);

    /** How a hostile datagram is made. */
    enum Kind {
        /** A captured record cut short: header incomplete or its length runs past the end. */
        TRUNCATED,
        /** A first byte that is no DTLS content type (20 to 25). */
        BAD_CONTENT_TYPE,
        /** A content type but not DTLS' 0xfe major version. */
        NOT_DTLS,
        /** A header whose length field runs past the datagram. */
        LENGTH_PAST_END,
        /** An epoch-0 handshake record whose message declares more than 16 KiB (up to 16 MiB). */
        HUGE_HANDSHAKE,
        /** A well-framed record larger than the server's maximum datagram. */
        OVERSIZE,
        /** A valid header (content type 20 to 25, epoch 1 to 3) with a random body. */
        RANDOM_BODY,
        /** A plaintext fatal alert in epoch 0, after the handshake. */
        EPOCH0_ALERT,
        /** A captured record with its epoch changed to 2 to 65535. */
        WRONG_EPOCH,
        /** A captured encrypted record with one bit of its body flipped. */
        BIT_FLIP,
        /** A captured datagram sent again unchanged (never a ClientHello: see ReplayedClientHelloTest). */
        REPLAY
    }

    record Hostile(Kind kind, long seed) {
    }

    static DtlsServer server;
    static UdpRelay relay;
    static DtlsClient client;
    static DtlsAssociation target;   // through the relay: we can send from its address and to it
    static DtlsAssociation beside;   // direct: must not notice anything
    static final RecordingServerListener serverEvents = new RecordingServerListener();
    static final RecordingListener events = new RecordingListener();
    static final List<byte[]> fromClient = new CopyOnWriteArrayList<>();
    static final List<byte[]> fromServer = new CopyOnWriteArrayList<>();
    static final AtomicLong acksToTarget = new AtomicLong();
    static final AtomicLong dataToTarget = new AtomicLong();
    static ResourceCheck resources;
    static long heapBefore;
    static DatagramSocket stranger;

    @BeforeContainer
    static void start() throws Exception {
        resources = ResourceCheck.baseline();
        heapBefore = Poll.usedHeapAfterGc();
        server = Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).listener(serverEvents).start();
        relay = new UdpRelay(server.localAddress(), 5);
        relay.tap((direction, c, d) -> {
            if (direction == Direction.TO_SERVER) {
                if (!isClientHello(d) && fromClient.size() < 200) {
                    fromClient.add(d);
                }
            } else {
                if ((d[0] & 0xff) == Wire.APPLICATION_DATA) {
                    acksToTarget.incrementAndGet();
                }
                if (fromServer.size() < 200) {
                    fromServer.add(d);
                }
            }
        });
        // The application reads every reply (a data handler): an unread receive buffer would fill with
        // pings' replies and drop its oldest as UNREAD, which is the application's doing, not the network's.
        client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(30))
                .onData((a, data) -> {
                    if (a.name().equals("Target")) {
                        dataToTarget.incrementAndGet();
                    }
                }).build();
        target = client.association(relay.address()).name("Target").listener(events).connect();
        beside = client.association(server.localAddress()).name("Beside").listener(events).connect();
        target.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        beside.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse && e.association().equals("Target"), 3, WAIT,
                "captured traffic");
        stranger = new DatagramSocket(0, LOOPBACK);
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            assertNothingBroke();
        } finally {
            stranger.close();
            client.close();
            relay.close();
            server.close();
        }
        long grown = Poll.usedHeapAfterGc() - heapBefore;
        assertThat(grown).as("heap growth after all tries, bytes").isLessThan(48 * Poll.MIB);
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 40, seed = "7001", shrinking = ShrinkingMode.BOUNDED)
    void fromAStrangerEveryDatagramIsDroppedAndCountedByReason(@ForAll @Size(min = 1, max = 20) List<@From("hostile") Hostile> batch)
            throws Exception {
        Map<DropReason, Long> before = server.stats().dropped();
        long received = server.stats().datagramsReceived();
        long verifies = server.stats().helloVerifyRequestsSent();
        Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
        for (Hostile h : batch) {
            byte[] d = build(h, fromClient);
            stranger.send(new DatagramPacket(d, d.length, server.localAddress()));
            expected.merge(serverStrangerReason(h.kind()), 1L, Long::sum);
        }
        Poll.until(() -> server.stats().datagramsReceived() >= received + batch.size(), WAIT, "all read", server::stats);
        Poll.until(() -> delta(before, server.stats().dropped()).equals(expected), WAIT,
                "drops by reason " + expected, () -> delta(before, server.stats().dropped()));
        assertThat(server.stats().helloVerifyRequestsSent()).as("none of them earns a cookie").isEqualTo(verifies);
        assertThat(server.stats().associations()).isEqualTo(2);
        assertKeepsPinging();
    }

    @Property(tries = 40, seed = "7002", shrinking = ShrinkingMode.BOUNDED)
    void fromAnEstablishedPeersAddressNothingBreaksTheAssociation(@ForAll @Size(min = 1, max = 20) List<@From("hostile") Hostile> batch)
            throws Exception {
        Map<DropReason, Long> before = server.stats().dropped();
        Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
        for (Hostile h : batch) {
            byte[] d = build(h, fromClient);
            relay.injectToServer(target.localAddress(), d);
            DropReason r = serverKnownReason(h.kind());
            if (r != null) {
                expected.merge(r, 1L, Long::sum);
            }
        }
        Poll.until(() -> delta(before, server.stats().dropped()).equals(expected), WAIT,
                "pre-engine drops by reason " + expected, () -> delta(before, server.stats().dropped()));
        assertKeepsPinging();
        assertThat(server.peers()).hasSize(2).allMatch(p -> p.state() == AssociationState.ENCRYPTED);
        // Replayed application data is never delivered twice (DTLS replay window).
        List<String> pings = serverEvents.snapshot().stream()
                .filter(e -> e instanceof ServerEvent.MessageReceived m && m.plaintextText().startsWith("I am Target,"))
                .map(e -> ((ServerEvent.MessageReceived) e).plaintextText()).toList();
        assertThat(new HashSet<>(pings)).as("no ping delivered twice").hasSize(pings.size());
    }

    @Property(tries = 40, seed = "7003", shrinking = ShrinkingMode.BOUNDED)
    void toAnEstablishedClientNothingBreaksTheAssociation(@ForAll @Size(min = 1, max = 20) List<@From("hostile") Hostile> batch)
            throws Exception {
        Map<DropReason, Long> before = target.stats().dropped();
        Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
        for (Hostile h : batch) {
            byte[] d = build(h, fromServer);
            relay.injectToClient(target.localAddress(), d);
            DropReason r = clientReason(h.kind());
            if (r != null) {
                expected.merge(r, 1L, Long::sum);
            }
        }
        Poll.until(() -> delta(before, target.stats().dropped()).equals(expected), WAIT,
                "pre-engine drops by reason " + expected, () -> delta(before, target.stats().dropped()));
        assertKeepsPinging();
        // A replayed ACK is never reported twice: never more replies than the server sent.
        assertThat(target.stats().repliesReceived()).isLessThanOrEqualTo(acksToTarget.get());
        assertThat(dataToTarget.get()).as("records delivered to Target's application").isLessThanOrEqualTo(acksToTarget.get());
    }

    // ------------------------------------------------------------------ expectations

    static DropReason preEngineReason(Kind kind) {
        return switch (kind) {
            case TRUNCATED, BAD_CONTENT_TYPE, NOT_DTLS, LENGTH_PAST_END -> DropReason.MALFORMED;
            case HUGE_HANDSHAKE -> DropReason.HANDSHAKE_TOO_LARGE;
            default -> null;
        };
    }

    static DropReason serverStrangerReason(Kind kind) {
        DropReason r = serverKnownReason(kind);
        return r != null ? r : DropReason.UNKNOWN_PEER; // none of the others is a ClientHello
    }

    static DropReason serverKnownReason(Kind kind) {
        return kind == Kind.OVERSIZE ? DropReason.OVERSIZE : preEngineReason(kind);
    }

    /** The client drops datagrams larger than one largest record before the engine, as OVERSIZE. */
    static DropReason clientReason(Kind kind) {
        return kind == Kind.OVERSIZE ? DropReason.OVERSIZE : preEngineReason(kind);
    }

    static Map<DropReason, Long> delta(Map<DropReason, Long> before, Map<DropReason, Long> now) {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        now.forEach((r, n) -> {
            long d = n - before.getOrDefault(r, 0L);
            if (d != 0) {
                out.put(r, d);
            }
        });
        return out;
    }

    static void assertKeepsPinging() {
        for (DtlsAssociation a : List.of(target, beside)) {
            long goal = a.stats().repliesReceived() + 2;
            events.await(e -> e instanceof AssociationEvent.ServerResponse && a.stats().repliesReceived() >= goal, WAIT,
                    "two more replies for " + a.name());
        }
        assertNothingBroke();
    }

    static void assertNothingBroke() {
        assertThat(List.of(target.state(), beside.state())).containsOnly(AssociationState.ENCRYPTED);
        assertThat(events.snapshot()).noneMatch(e -> e instanceof AssociationEvent.Failed
                || e instanceof AssociationEvent.AlertReceived || e instanceof AssociationEvent.Closed);
        assertThat(serverEvents.snapshot()).noneMatch(e -> e instanceof ServerEvent.PeerFailed
                || e instanceof ServerEvent.PeerClosed || e instanceof ServerEvent.PeerReplaced);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Hostile> hostile() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.longs()).as(Hostile::new);
    }

    static boolean isClientHello(byte[] d) {
        return d.length > Wire.RECORD_HEADER && (d[0] & 0xff) == Wire.HANDSHAKE && Wire.epoch(d, 0) == 0
                && (d[Wire.RECORD_HEADER] & 0xff) == Wire.CLIENT_HELLO;
    }

    /** The datagram for {@code h}, from {@code captured} where the kind mutates real traffic. */
    static byte[] build(Hostile h, List<byte[]> captured) {
        Random r = new Random(h.seed());
        List<byte[]> single = captured.stream().filter(d -> Wire.records(d).size() == 1
                && Wire.records(d).getFirst() == 0 && recordLength(d) == d.length).toList();
        List<byte[]> encrypted = single.stream().filter(d -> Wire.epoch(d, 0) >= 1).toList();
        return switch (h.kind()) {
            case TRUNCATED -> {
                byte[] d = pick(single, r);
                yield java.util.Arrays.copyOf(d, 1 + r.nextInt(d.length - 1));
            }
            case BAD_CONTENT_TYPE -> {
                byte[] d = randomBytes(r, 1 + r.nextInt(300));
                int type = r.nextInt(256 - 6);
                d[0] = (byte) (type < 20 ? type : type + 6);
                yield d;
            }
            case NOT_DTLS -> {
                byte[] d = randomBytes(r, Wire.RECORD_HEADER + r.nextInt(300));
                d[0] = (byte) (20 + r.nextInt(6));
                d[1] = (byte) (d[1] == (byte) 0xfe ? 0x03 : d[1]);
                yield d;
            }
            case LENGTH_PAST_END -> {
                byte[] body = randomBytes(r, r.nextInt(100));
                byte[] d = Wire.record(20 + r.nextInt(6), r.nextInt(4), r.nextInt(1 << 20), body);
                int declared = body.length + 1 + r.nextInt(65_535 - body.length);
                d[11] = (byte) (declared >>> 8);
                d[12] = (byte) declared;
                yield d;
            }
            case HUGE_HANDSHAKE -> {
                int declared = 16 * 1024 + 1 + r.nextInt(0xFFFFFF - 16 * 1024);
                byte[] fragment = randomBytes(r, r.nextInt(200));
                yield Wire.record(Wire.HANDSHAKE, 0, r.nextInt(1 << 20),
                        Wire.handshake(r.nextInt(25), declared, r.nextInt(20), 0, fragment));
            }
            case OVERSIZE -> Wire.record(Wire.APPLICATION_DATA, 1, r.nextInt(1 << 20),
                    randomBytes(r, OVERSIZE_FLOOR + 1 - Wire.RECORD_HEADER + r.nextInt(65_507 - OVERSIZE_FLOOR)));
            case RANDOM_BODY -> {
                int type = 20 + r.nextInt(6);
                yield Wire.record(type, 1 + r.nextInt(3), r.nextInt(1 << 20), randomBytes(r, r.nextInt(300)));
            }
            case EPOCH0_ALERT -> Wire.record(Wire.ALERT, 0, r.nextInt(1 << 20), new byte[] {2, (byte) r.nextInt(256)});
            case WRONG_EPOCH -> {
                byte[] d = pick(single, r).clone();
                int epoch = 2 + r.nextInt(65_534);
                d[3] = (byte) (epoch >>> 8);
                d[4] = (byte) epoch;
                yield d;
            }
            case BIT_FLIP -> {
                byte[] d = pick(encrypted, r).clone();
                int at = Wire.RECORD_HEADER + r.nextInt(d.length - Wire.RECORD_HEADER);
                d[at] ^= (byte) (1 << r.nextInt(8));
                yield d;
            }
            case REPLAY -> pick(captured, r).clone();
        };
    }

    private static int recordLength(byte[] d) {
        return Wire.RECORD_HEADER + (((d[11] & 0xff) << 8) | (d[12] & 0xff));
    }

    private static byte[] pick(List<byte[]> from, Random r) {
        if (from.isEmpty()) {
            throw new IllegalStateException("no captured records to mutate");
        }
        return from.get(r.nextInt(from.size()));
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
