package io.dtlskit.internal;

import io.dtlskit.PskStore;
import io.dtlskit.ServerHandler;
import io.dtlskit.ServerListener;

import java.time.Duration;

/** A server's settings once started, as its dispatcher and sessions read them. */
public record ServerOptions(Settings settings, PskStore pskStore, String identityHint, Duration idleTimeout,
                            int maxAssociations, int maxHandshakes, int maxDatagram, ServerHandler handler,
                            ServerListener listener) {
}
