package io.dtlskit.interop;

import io.dtlskit.interop.Matrix.Cell;
import io.dtlskit.interop.Matrix.Result;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.dtlskit.interop.InteropRun.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Interop matrix: each peer with its defaults and field options (issue 10). See {@link InteropRun}. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FieldInteropTest extends MatrixClass {
    // ------------------------------------------------------------------ peers as their users run them

    static Stream<FieldRows.Row> fieldRows() {
        return FieldRows.all().stream().filter(r -> SELECTED.contains(r.peer()));
    }

    /** Issue 10: each peer with its defaults and field options against dtlskit's defaults (see {@link FieldRows}). */
    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldRows")
    void asUsersRunThem(FieldRows.Row row) {
        try {
            MATRIX.add(new Cell("field", row.peer(), row.direction(), row.command(), Result.PASS, row.scenario().run()));
        } catch (TestAbortedException e) {
            MATRIX.add(new Cell("field", row.peer(), row.direction(), row.command(), Result.NOT_RUN, e.getMessage()));
            throw e;
        } catch (Throwable e) {
            MATRIX.add(new Cell("field", row.peer(), row.direction(), row.command(), Result.FAIL, firstLine(e)));
            throw new AssertionError(row + ": " + e.getMessage(), e);
        }
    }
}
