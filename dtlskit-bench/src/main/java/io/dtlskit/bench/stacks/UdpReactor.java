package io.dtlskit.bench.stacks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The plain-UDP baseline's reactor: like dtlskit's, one selector thread over many connected
 * channels, reading every readable channel dry. Each datagram goes to its channel's handler on the
 * reactor thread; there is no queue hop and no decryption, which is the point of the baseline.
 */
final class UdpReactor implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_535);
    private volatile boolean running = true;

    UdpReactor(String name) throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** Registers a non-blocking channel; {@code handler} sees each datagram (position 0, limit = length). */
    void register(DatagramChannel channel, Consumer<ByteBuffer> handler) {
        tasks.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, handler);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        selector.wakeup();
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        try {
            while (running) {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    Consumer<ByteBuffer> handler = (Consumer<ByteBuffer>) key.attachment();
                    try {
                        while (true) {
                            buffer.clear();
                            if (ch.read(buffer) <= 0) {
                                break;
                            }
                            buffer.flip();
                            handler.accept(buffer);
                        }
                    } catch (IOException e) {
                        // ICMP unreachable or closed: the datagram is lost, like any other
                    }
                }
            }
        } catch (ClosedSelectorException ignored) {
            // closing
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
