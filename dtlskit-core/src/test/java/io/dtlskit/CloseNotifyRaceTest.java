package io.dtlskit;

import io.dtlskit.testing.Qt;
import io.dtlskit.testing.RecordingServerListener;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * close() called from another thread while the association's own thread is between two receives
 * (here: just back from delivering a reply) must still send close_notify. Before the fix, the
 * association thread saw the close request, closed the transport, and Bouncy Castle's close_notify,
 * sent a moment later by the closing thread, went into the closed transport and was lost: the
 * server kept the peer until its idle timeout. Found by the interop matrix (mbedTLS and Scandium
 * servers missed our close_notify in about one cell in twelve).
 */
class CloseNotifyRaceTest {
    @Test
    void closeFromAnotherThreadWhileTheAssociationThreadIsAwakeStillSendsCloseNotify() throws Exception {
        Field loop = DtlsAssociation.class.getDeclaredField("loop");
        loop.setAccessible(true);
        Field closeRequested = io.dtlskit.internal.ClientLoop.class.getDeclaredField("closeRequested");
        closeRequested.setAccessible(true);
        RecordingServerListener serverEvents = new RecordingServerListener();
        try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(serverEvents).start();
             DtlsClient client = Qt.client().keepAlive(Qt.PINGER, Duration.ofMillis(10)).maxPings(1).build()) {
            for (int i = 0; i < 20; i++) {
                String name = "race " + i;
                // connect() may return after the first reply under load: the listener waits for it.
                CompletableFuture<DtlsAssociation> self = new CompletableFuture<>();
                CompletableFuture<Void> closing = new CompletableFuture<>();
                // On the reply, another thread closes; this (the association's) thread returns only
                // once the close request is visible, i.e. in the middle of close().
                AssociationListener closeOnReply = event -> {
                    if (event instanceof AssociationEvent.ServerResponse) {
                        DtlsAssociation a;
                        try {
                            a = self.get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("connect() did not return", e);
                        }
                        Thread.ofPlatform().start(() -> {
                            a.close();
                            closing.complete(null);
                        });
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        try {
                            while (!(boolean) closeRequested.get(loop.get(a)) && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                            }
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
                DtlsAssociation a = client.association(server.localAddress()).name(name).listener(closeOnReply)
                        .connect();
                self.complete(a);
                a.handshake().get(10, TimeUnit.SECONDS);
                closing.get(10, TimeUnit.SECONDS);
                a.terminated().get(10, TimeUnit.SECONDS);
                InetSocketAddress local = serverEvents.await(e -> e instanceof ServerEvent.MessageReceived m
                                && m.plaintextText().startsWith("I am " + name + ","), Duration.ofSeconds(5),
                        "the ping of association " + i).peer();
                ServerEvent.PeerClosed closed = (ServerEvent.PeerClosed) serverEvents.await(
                        e -> e instanceof ServerEvent.PeerClosed c && c.peer().equals(local), Duration.ofSeconds(5),
                        "close_notify of association " + i + " at the server");
                assertThat(closed.reason()).startsWith("shutdown alert received");
            }
        }
    }
}
