package io.dtlskit.internal;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReactorTest {
    @Test
    void aThrowingReadHandlerIsCountedAndTheOtherChannelsGoOn() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Reactor reactor = new Reactor("dtlskit-test-reactor");
             DatagramChannel broken = DatagramChannel.open().bind(any);
             DatagramChannel fine = DatagramChannel.open().bind(any);
             DatagramChannel sender = DatagramChannel.open()) {
            broken.configureBlocking(false);
            fine.configureBlocking(false);
            CompletableFuture<Integer> served = new CompletableFuture<>();
            SelectionKey k1 = reactor.register(broken, ch -> {
                ch.receive(ByteBuffer.allocate(64));
                throw new IllegalStateException("a bug in a handler");
            }).get(5, TimeUnit.SECONDS);
            SelectionKey k2 = reactor.register(fine, ch -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                if (ch.receive(b) != null) {
                    served.complete(b.position());
                }
            }).get(5, TimeUnit.SECONDS);
            sender.send(ByteBuffer.wrap(new byte[3]), broken.getLocalAddress());
            sender.send(ByteBuffer.wrap(new byte[5]), fine.getLocalAddress());
            assertThat(served.get(5, TimeUnit.SECONDS)).isEqualTo(5);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (reactor.handlerFailures() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the failure is counted on the reactor thread, around the send above
            }
            assertThat(reactor.handlerFailures()).isEqualTo(1);
            reactor.closeChannel(k1, broken).get(5, TimeUnit.SECONDS);
            reactor.closeChannel(k2, fine).get(5, TimeUnit.SECONDS);
        }
    }
}
