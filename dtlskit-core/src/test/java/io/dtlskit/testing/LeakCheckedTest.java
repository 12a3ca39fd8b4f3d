package io.dtlskit.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Base for tests that open servers, clients and relays: records both kinds of events, closes what
 * {@link #closeLater} was given in reverse order after each test, and then fails the test if a socket,
 * selector or dtlskit thread is left behind.
 */
public abstract class LeakCheckedTest {
    protected final RecordingServerListener serverEvents = new RecordingServerListener();
    protected final RecordingListener events = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ResourceCheck resources;

    /** How long sockets and threads may take to go after close (they end asynchronously). */
    protected Duration leakTimeout() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    void takeResourceBaseline() {
        resources = ResourceCheck.baseline();
    }

    @AfterEach
    void closeEverythingAndCheckForLeaks() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        resources.assertNoLeaks(leakTimeout());
    }

    /** Closes {@code c} after the test, before the leak check. */
    protected <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }
}
