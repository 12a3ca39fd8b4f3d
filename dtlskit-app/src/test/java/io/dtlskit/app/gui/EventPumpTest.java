package io.dtlskit.app.gui;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventPumpTest {
    /** A stand-in for the event thread that runs queued tasks only when told to. */
    final ArrayDeque<Runnable> edt = new ArrayDeque<>();
    final List<List<Integer>> batches = new ArrayList<>();
    final List<Long> drops = new ArrayList<>();

    EventPump<Integer> pump(int capacity) {
        return new EventPump<>(capacity, edt::add, (batch, dropped) -> {
            batches.add(batch);
            drops.add(dropped);
        });
    }

    void runEdt() {
        Runnable r;
        while ((r = edt.poll()) != null) {
            r.run();
        }
    }

    @Test
    void manyOffersScheduleOneDrainAndArriveInOrder() {
        EventPump<Integer> pump = pump(1000);
        for (int i = 0; i < 10; i++) {
            pump.offer(i);
        }
        assertThat(edt).hasSize(1);
        runEdt();
        assertThat(batches).containsExactly(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(drops).containsExactly(0L);
    }

    @Test
    void largeBacklogIsSplitIntoBatches() {
        EventPump<Integer> pump = pump(10_000);
        for (int i = 0; i < EventPump.MAX_BATCH * 2 + 1; i++) {
            pump.offer(i);
        }
        runEdt();
        assertThat(batches).extracting(List::size).containsExactly(EventPump.MAX_BATCH, EventPump.MAX_BATCH, 1);
        assertThat(batches.get(2)).containsExactly(EventPump.MAX_BATCH * 2);
    }

    @Test
    void aStalledWindowDropsAndCountsInsteadOfBlocking() {
        EventPump<Integer> pump = pump(3);
        for (int i = 0; i < 5; i++) {
            pump.offer(i); // the "event thread" does not run: offers must still return at once
        }
        runEdt();
        assertThat(batches).containsExactly(List.of(0, 1, 2));
        assertThat(drops).containsExactly(2L);
        pump.offer(5);
        runEdt();
        assertThat(batches.get(1)).containsExactly(5);
        assertThat(drops.get(1)).isZero();
    }

    @Test
    void offersFromManyThreadsAllArrive() throws Exception {
        List<Integer> got = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(4000);
        EventPump<Integer> pump = new EventPump<>(100_000, Runnable::run, (batch, dropped) -> {
            synchronized (got) {
                got.addAll(batch);
            }
            batch.forEach(x -> all.countDown());
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 1000;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    pump.offer(base + i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasSize(4000).doesNotHaveDuplicates();
    }
}
