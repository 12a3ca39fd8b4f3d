package io.dtlskit.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every class of the interop matrix does around its rows: time itself for the matrix's run time,
 * check after each row that no peer process is left, and hand its rows to {@link InteropRun}, which
 * writes {@code docs/interop.md} once the last class is done. Surefire runs the classes one after another,
 * so one start time serves.
 */
abstract class MatrixClass {
    private static long startNanos;

    @BeforeAll
    static void startClock() {
        startNanos = System.nanoTime();
    }

    @AfterEach
    void noPeerProcessLeft() throws Exception {
        InteropRun.assertNoPeerProcessLeft();
    }

    @AfterAll
    static void writeMatrix() throws Exception {
        InteropRun.classDone(startNanos);
    }
}
