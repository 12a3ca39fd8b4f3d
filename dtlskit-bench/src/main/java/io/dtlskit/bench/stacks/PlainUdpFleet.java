package io.dtlskit.bench.stacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plain-UDP baseline client: one connected non-blocking channel per association, all read by
 * one reactor thread. "Handshake" is one round trip (a hello and its reply), so handshake figures
 * show the floor of socket setup plus one exchange; echo figures show what UDP alone costs.
 */
final class PlainUdpFleet implements Fleet {
    static final byte[] HELLO = {'h', 'e', 'l', 'l', 'o'};

    private final UdpReactor reactor;
    private final Set<DatagramChannel> open = ConcurrentHashMap.newKeySet();

    PlainUdpFleet(Settings settings) {
        try {
            this.reactor = new UdpReactor("plain-udp-client-reactor");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Peer open(int index, InetSocketAddress server, Runnable onReply) {
        CompletableFuture<Established> ready = new CompletableFuture<>();
        DatagramChannel ch;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.connect(server);
            open.add(ch);
            reactor.register(ch, datagram -> {
                if (!ready.isDone()) {
                    ready.complete(new Established(0));
                } else {
                    onReply.run();
                }
            });
            ch.write(ByteBuffer.wrap(HELLO));
        } catch (IOException e) {
            ready.completeExceptionally(e);
            return failed(ready);
        }
        DatagramChannel channel = ch;
        return new Peer() {
            @Override
            public CompletableFuture<Established> ready() {
                return ready;
            }

            @Override
            public void send(byte[] payload) throws IOException {
                channel.write(ByteBuffer.wrap(payload));
            }

            @Override
            public void close() {
                open.remove(channel);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        };
    }

    private static Peer failed(CompletableFuture<Established> ready) {
        return new Peer() {
            @Override
            public CompletableFuture<Established> ready() {
                return ready;
            }

            @Override
            public void send(byte[] payload) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        for (DatagramChannel ch : open) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        reactor.close();
    }
}
