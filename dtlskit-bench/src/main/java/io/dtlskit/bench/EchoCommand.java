package io.dtlskit.bench;

import io.dtlskit.bench.stacks.Fleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code bench echo}: established associations keep W datagrams in flight each; every reply from the
 * server releases the next datagram (closed-loop pacing, so no stack is driven past what it can
 * carry). Replies carry no sequence number, so each is matched to the oldest datagram in flight.
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Established associations send datagrams (W in flight each) and count the server's replies. "
                + "Reports datagrams/s each way, round-trip percentiles, losses.")
final class EchoCommand extends Scenario {
    @Option(names = {"-n", "--associations"}, paramLabel = "N", defaultValue = "100",
            description = "Associations sending at once (default: ${DEFAULT-VALUE}).")
    int associations;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s",
            converter = BenchOptions.DurationConverter.class,
            description = "Measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup-time", paramLabel = "DURATION", defaultValue = "2s",
            converter = BenchOptions.DurationConverter.class,
            description = "Unmeasured sending before the measured time (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--payload", paramLabel = "BYTES", defaultValue = "100",
            description = "Application bytes per datagram (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--window", paramLabel = "W", defaultValue = "4",
            description = "Datagrams in flight per association (default: ${DEFAULT-VALUE}).")
    int window;

    @Override
    int associations() {
        return associations;
    }

    @Override
    Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("associations", associations);
        m.put("durationSeconds", duration.toMillis() / 1000.0);
        m.put("warmupSeconds", warmup.toMillis() / 1000.0);
        m.put("payloadBytes", payload);
        m.put("window", window);
        m.put("concurrency", concurrency(64));
        return m;
    }

    /** One association's datagrams in flight: their send times, oldest first. */
    private static final class InFlight {
        final long[] sentAt;
        int head;
        int size;
        int credit;
        volatile Fleet.Peer peer;

        InFlight(int window) {
            sentAt = new long[Math.max(2, window * 2)];
        }

        synchronized void push(long t) {
            if (size == sentAt.length) { // replies lost: forget the oldest
                head = (head + 1) % sentAt.length;
                size--;
            }
            sentAt[(head + size) % sentAt.length] = t;
            size++;
        }

        /** True while the window is still opening (one extra datagram per reply, like TCP slow start). */
        synchronized boolean takeCredit() {
            if (credit > 0) {
                credit--;
                return true;
            }
            return false;
        }

        synchronized long pop() {
            if (size == 0) {
                return 0;
            }
            long t = sentAt[head];
            head = (head + 1) % sentAt.length;
            size--;
            return t;
        }
    }

    @Override
    Map<String, Object> run(Stack stack, Fleet fleet, InetSocketAddress server, ServerProcess child,
                            Progress progress, Report report) throws Exception {
        if (payload < 1 || window < 1) {
            throw new IllegalArgumentException("--payload and --window must be at least 1");
        }
        byte[] data = new byte[payload];
        java.util.Arrays.fill(data, (byte) 'x');
        InFlight[] flights = new InFlight[associations];
        LongAdder sent = new LongAdder();
        LongAdder received = new LongAdder();
        LongAdder sendErrors = new LongAdder();
        org.HdrHistogram.AbstractHistogram rtt = histogram();
        class Pump {
            volatile boolean sending = true;
            volatile boolean measuring;

            void send(InFlight f) {
                f.push(System.nanoTime());
                try {
                    f.peer.send(data);
                    sent.increment();
                } catch (Exception e) {
                    f.pop();
                    sendErrors.increment();
                }
            }

            void reply(InFlight f) {
                long now = System.nanoTime();
                long t0 = f.pop();
                received.increment();
                if (measuring && t0 != 0) {
                    rtt.recordValue(now - t0);
                }
                if (sending && f.peer != null) {
                    send(f);
                    if (f.takeCredit()) {
                        send(f);
                    }
                }
            }
        }
        Pump pump = new Pump();
        for (int i = 0; i < associations; i++) {
            flights[i] = new InFlight(window);
        }
        Establisher.Outcome o = Establisher.run(fleet, server, associations, concurrency(64), true,
                i -> () -> pump.reply(flights[i]), options.handshakeTimeout.toMillis() + 60_000L, progress,
                stack.label() + ": establishing");
        int active = 0;
        for (int i = 0; i < associations; i++) {
            flights[i].peer = o.peers()[i];
            if (o.peers()[i] != null) {
                active++;
            }
        }
        long t0 = System.nanoTime();
        progress.phase(stack.label() + ": echo", () -> String.format("%.0f datagrams/s sent, %d replies",
                sent.sum() / Math.max(1e-9, (System.nanoTime() - t0) / 1e9), received.sum()));
        // One datagram per association to start; each reply then releases two until W are in flight.
        // Sending all N x W at once overflows the server socket's receive buffer (the kernel's default
        // rmem is 208 KiB here), which would count as losses that no stack could avoid.
        for (InFlight f : flights) {
            if (f.peer != null) {
                f.credit = window - 1;
                pump.send(f);
            }
        }
        Thread.sleep(warmup.toMillis());
        long sent0 = sent.sum();
        long received0 = received.sum();
        CpuMeter cpu = meter(child).start();
        long start = System.nanoTime();
        pump.measuring = true;
        Thread.sleep(duration.toMillis());
        pump.measuring = false;
        cpu.stop();
        long sent1 = sent.sum();
        long received1 = received.sum();
        double seconds = (System.nanoTime() - start) / 1e9;
        pump.sending = false;
        // Let what is in flight come back (bounded): anything still missing then is lost.
        long drainUntil = System.nanoTime() + 2_000_000_000L;
        while (received.sum() < sent.sum() && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sentPerSecond", (sent1 - sent0) / seconds);
        f.put("receivedPerSecond", (received1 - received0) / seconds);
        f.putAll(latency("rtt", rtt));
        // CPU per round trip (one datagram each way) holds up on a shared machine.
        cpu.put(f, "RoundTrip", received1 - received0);
        cpu.putDatagrams(f, "RoundTrip", received1 - received0);
        f.put("datagramsSent", sent.sum());
        f.put("repliesReceived", received.sum());
        f.put("losses", Math.max(0, sent.sum() - received.sum()));
        f.put("sendErrors", sendErrors.sum());
        long clientDropped = fleet.dropped();
        f.put("clientDropped", clientDropped < 0 ? null : clientDropped);
        if (child != null && !"{}".equals(child.lastDropped())) {
            report.note(stack.label() + ": server dropped " + child.lastDropped());
        }
        f.put("associationsActive", (long) active);
        f.put("associationsFailed", (long) o.failed());
        if (o.firstFailure() != null) {
            report.note(stack.label() + ": first failure: " + o.firstFailure());
        }
        return f;
    }
}
