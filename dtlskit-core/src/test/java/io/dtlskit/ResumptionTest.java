package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.LeakCheckedTest;
import io.dtlskit.testing.SteppingClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session resumption (RFC 5246 §7.3) between our client and our server: the second handshake is
 * abbreviated; an empty cache, an expired session and a restarted server each mean a full handshake,
 * which the client reports and survives.
 */
class ResumptionTest extends LeakCheckedTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private DtlsServer server(int port, SteppingClock clock) throws Exception {
        return Qt.server().bind(new InetSocketAddress(LOOPBACK, port)).listener(serverEvents)
                .sessionCache(100, Duration.ofMinutes(10)).clock(clock).start();
    }

    private HandshakeResult handshake(DtlsClient client, DtlsServer server) throws Exception {
        DtlsAssociation a = client.association(server.localAddress()).name("Resumer").listener(events).connect();
        HandshakeResult r = a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        a.close();
        assertThat(a.terminated().get(10, TimeUnit.SECONDS)).isEqualTo(AssociationState.CLOSED);
        return r;
    }

    private List<String> resumptionMessages() {
        return events.snapshot().stream().filter(e -> e instanceof AssociationEvent.Resumption)
                .map(AssociationEvent::message).toList();
    }

    @Test
    void theSecondHandshakeResumesAndBothTimesAreKept() throws Exception {
        SteppingClock clock = new SteppingClock();
        DtlsServer server = closeLater(server(0, clock));
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true).build());

        HandshakeResult full = handshake(client, server);
        HandshakeResult resumed = handshake(client, server);

        assertThat(full.resumed()).isFalse();
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.cipherSuite()).isEqualTo(full.cipherSuite());
        assertThat(resumptionMessages()).containsExactly(
                "Resumer: full handshake (no session to resume, " + full.elapsed().toMillis() + " ms)",
                "Resumer: session resumed (abbreviated handshake, " + resumed.elapsed().toMillis() + " ms)");
        var atServer = (ServerEvent.SessionResumed) serverEvents.await(e -> e instanceof ServerEvent.SessionResumed,
                WAIT, "the server's resumption event");
        assertThat(atServer.identity()).isEqualTo("Resumer");
        assertThat(serverEvents.snapshot()).as("a resumed handshake asks for no PSK")
                .filteredOn(e -> e instanceof ServerEvent.PskIdentity).hasSize(1);
    }

    @Test
    void reconnectsResumeAndTheAssociationKeepsBothHandshakeTimes() throws Exception {
        // The server closes idle associations (close_notify) but keeps their sessions: each reconnection
        // of the client is an abbreviated handshake.
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0))
                .idleTimeout(Duration.ofMillis(300)).listener(serverEvents).start());
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true)
                .reconnect(Duration.ofMillis(50), Duration.ofMillis(100)).build());
        DtlsAssociation a = client.association(server.localAddress()).name("Again").listener(events).connect();
        a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        events.awaitCount(e -> e instanceof AssociationEvent.Resumption, 3, WAIT, "two reconnections");

        assertThat(resumptionMessages().get(0)).startsWith("Again: full handshake (no session to resume");
        assertThat(resumptionMessages().subList(1, 3)).allMatch(m -> m.startsWith("Again: session resumed"));
        AssociationStats stats = a.stats();
        assertThat(stats.fullHandshake()).isNotNull();
        assertThat(stats.resumedHandshake()).isNotNull();
        assertThat(stats.handshakeTime()).as("the latest handshake").isEqualTo(stats.resumedHandshake());
    }

    @Test
    void anExpiredSessionIsRefusedAndTheClientFallsBack() throws Exception {
        SteppingClock clock = new SteppingClock();
        DtlsServer server = closeLater(server(0, clock));
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true).build());
        handshake(client, server);
        clock.advance(Duration.ofMinutes(10)); // the server's lifetime; the client's is an hour

        HandshakeResult after = handshake(client, server);

        assertThat(after.resumed()).isFalse();
        assertThat(resumptionMessages().get(1)).startsWith("Resumer: full handshake (the server did not resume our session");
        HandshakeResult next = handshake(client, server);
        assertThat(next.resumed()).as("the new session resumes").isTrue();
    }

    @Test
    void aRestartedServerHasForgottenEverySession() throws Exception {
        SteppingClock clock = new SteppingClock();
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true).build());
        int port;
        try (DtlsServer before = server(0, clock)) {
            port = before.localAddress().getPort();
            handshake(client, before);
            assertThat(handshake(client, before).resumed()).isTrue();
        }
        try (DtlsServer after = server(port, clock)) {
            assertThat(handshake(client, after).resumed()).isFalse();
        }
    }

    @Test
    void withoutResumptionOnTheServerEveryHandshakeIsFull() throws Exception {
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).resumption(false)
                .start());
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true).build());
        handshake(client, server);
        assertThat(handshake(client, server).resumed()).isFalse();
        assertThat(resumptionMessages()).allMatch(m -> m.contains("full handshake (no session to resume"));
    }

    /**
     * An abbreviated handshake asks for no PSK: the server checks at resumption that the session's
     * identity is still in its store, so removing an identity also ends its cached sessions.
     */
    @Test
    void aRevokedIdentitysCachedSessionIsNotResumed() throws Exception {
        java.util.Map<String, PskKey> keys = new java.util.concurrent.ConcurrentHashMap<>();
        keys.put("Resumer", Qt.key());
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).pskStore(keys::get)
                .listener(serverEvents).start());
        DtlsClient client = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true).build());
        handshake(client, server);
        assertThat(handshake(client, server).resumed()).as("resumes while the identity is known").isTrue();
        keys.remove("Resumer");

        DtlsAssociation a = client.association(server.localAddress()).name("Resumer").listener(events).connect();

        assertThatThrownBy(() -> a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(AlertException.class).hasMessageContaining("unknown_psk_identity");
        assertThat(server.stats().handshakesResumed()).isEqualTo(1);
    }

    /** A changed key for a known identity: its cached sessions are not resumed (made with the old key). */
    @Test
    void aSessionMadeWithAnOldKeyIsNotResumed() throws Exception {
        java.util.Map<String, PskKey> keys = new java.util.concurrent.ConcurrentHashMap<>();
        keys.put("Resumer", Qt.key());
        DtlsServer server = closeLater(Qt.server().bind(new InetSocketAddress(LOOPBACK, 0)).pskStore(keys::get)
                .listener(serverEvents).start());
        DtlsClient oldKey = closeLater(DtlsClient.builder().pskKey(Qt.key()).resume(true)
                .handshakeTimeout(Duration.ofSeconds(3)).build());
        handshake(oldKey, server);
        keys.put("Resumer", PskKey.ofHex("0badc0ffee00"));

        DtlsAssociation a = oldKey.association(server.localAddress()).name("Resumer").listener(events).connect();

        // Not resumed: a full handshake with the old key, whose Finished the server cannot verify.
        assertThatThrownBy(() -> a.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(DtlsException.class);
        assertThat(server.stats().handshakesResumed()).isZero();
        assertThat(serverEvents.snapshot()).noneMatch(e -> e instanceof ServerEvent.SessionResumed);
    }

    /** Sessions made with certificates (no PSK) resume too: their binding is "no PSK". */
    @Test
    void aCertificateSessionResumes() throws Exception {
        io.dtlskit.certs.TestCerts certs = new io.dtlskit.certs.TestCerts(14);
        DtlsServer server = closeLater(DtlsServer.builder().bind(new InetSocketAddress(LOOPBACK, 0))
                .credentials(io.dtlskit.certs.TestCerts.credentials(certs.server, certs.ca)).listener(serverEvents).start());
        DtlsClient client = closeLater(DtlsClient.builder().resume(true)
                .serverVerifier(PeerVerifier.trusting(java.util.List.of(certs.ca.certificate()))).build());
        HandshakeResult full = handshake(client, server);
        HandshakeResult resumed = handshake(client, server);
        assertThat(full.resumed()).isFalse();
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.cipherSuite()).isEqualTo(full.cipherSuite()).startsWith("TLS_ECDHE_ECDSA_");
    }
}
