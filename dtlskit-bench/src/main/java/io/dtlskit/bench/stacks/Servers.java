package io.dtlskit.bench.stacks;

import io.dtlskit.CipherSuite;
import io.dtlskit.DtlsServer;
import io.dtlskit.bench.Stack;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server side of each stack, as run in the bench's child process. Every one answers each
 * non-empty datagram with {@code to (<addr>:<port>): ACK}, as dtlskit's server does.
 */
public final class Servers {
    private Servers() {
    }

    /** A running server. */
    public interface Running extends AutoCloseable {
        int port();

        /** Associations (or peers) the server holds now, or -1 if the stack does not say. */
        long associations();

        /** Handshakes the server has completed so far (plain UDP: peers that said hello), or -1. */
        default long handshakes() {
            return -1;
        }

        /** Datagrams the server received and sent so far, or -1 if the stack does not say. */
        default long datagrams() {
            return -1;
        }

        /** Datagrams the server dropped (by reason), or an empty map if the stack does not say. */
        default java.util.Map<String, Long> dropped() {
            return java.util.Map.of();
        }

        @Override
        void close();
    }

    public static Running start(Stack stack, CipherSuite suite, int maxAssociations) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return switch (stack) {
            case DTLSKIT -> dtlskit(bind, suite, maxAssociations);
            case PLAIN_UDP -> plainUdp(bind);
            case CALIFORNIUM -> californium(bind, suite, maxAssociations);
        };
    }

    /** What every server socket asks for (dtlskit's server does the same); capped by net.core.rmem_max. */
    static final int RECEIVE_BUFFER = 4 << 20;

    static byte[] ack(InetSocketAddress from) {
        return ("to (" + from.getAddress().getHostAddress() + ":" + from.getPort() + "): ACK")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Running dtlskit(InetSocketAddress bind, CipherSuite suite, int max) throws IOException {
        DtlsServer server = DtlsServer.builder()
                .bind(bind)
                .cipherSuites(List.of(suite))
                .pskKey(Keys.PSK)
                .handler(io.dtlskit.ServerHandler.ack())
                .maxAssociations(Math.max(max, 1))
                .maxHandshakes(Math.max(max, 1))
                .idleTimeout(Duration.ofHours(1))
                .start();
        return new Running() {
            public int port() {
                return server.localAddress().getPort();
            }

            public long associations() {
                return server.stats().associations();
            }

            public long handshakes() {
                return server.stats().handshakesCompleted();
            }

            public long datagrams() {
                io.dtlskit.ServerStats st = server.stats();
                return st.datagramsReceived() + st.datagramsSent();
            }

            public java.util.Map<String, Long> dropped() {
                java.util.Map<String, Long> m = new java.util.TreeMap<>();
                server.stats().dropped().forEach((reason, n) -> m.put(reason.name(), n));
                return m;
            }

            public void close() {
                server.close();
            }
        };
    }

    /** One thread, one socket: receive, answer, repeat. The cheapest possible echo. */
    private static Running plainUdp(InetSocketAddress bind) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
        ch.bind(bind);
        Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
        // Hellos received: the plain-UDP "handshake". Not peers.size(): closed clients' ports are reused.
        java.util.concurrent.atomic.LongAdder hellos = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder datagrams = new java.util.concurrent.atomic.LongAdder();
        Thread t = Thread.ofPlatform().name("plain-udp-server").daemon(true).start(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(65_535);
            try {
                while (ch.isOpen()) {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) ch.receive(buf);
                    peers.add(from);
                    if (buf.position() == PlainUdpFleet.HELLO.length) {
                        hellos.increment();
                    }
                    datagrams.increment();
                    if (buf.position() > 0) {
                        ch.send(ByteBuffer.wrap(ack(from)), from);
                        datagrams.increment();
                    }
                }
            } catch (IOException ignored) {
                // closed
            }
        });
        return new Running() {
            public int port() {
                return ch.socket().getLocalPort();
            }

            public long associations() {
                return peers.size();
            }

            public long handshakes() {
                return hellos.sum();
            }

            public long datagrams() {
                return datagrams.sum();
            }

            public void close() {
                try {
                    ch.close();
                    t.join(2_000);
                } catch (IOException | InterruptedException ignored) {
                    // closing anyway
                }
            }
        };
    }

    private static Running californium(InetSocketAddress bind, CipherSuite suite, int max) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.atomic.LongAdder established = new java.util.concurrent.atomic.LongAdder();
        DTLSConnector connector = new DTLSConnector(Californium.config(DtlsConfig.DtlsRole.SERVER_ONLY, bind, suite,
                1, cores, Math.max(max + 100, 1_000))
                .set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, RECEIVE_BUFFER)
                .setConnectionListener(new Established(established))
                .build());
        connector.setRawDataReceiver(data -> {
            if (data.getSize() > 0) {
                InetSocketAddress from = data.getInetSocketAddress();
                connector.send(RawData.outbound(ack(from), data.getEndpointContext(), null, false));
            }
        });
        connector.start();
        return new Running() {
            public int port() {
                return connector.getAddress().getPort();
            }

            public long associations() {
                return -1;
            }

            public long handshakes() {
                return established.sum();
            }

            public void close() {
                connector.destroy();
            }
        };
    }

    /** Counts Scandium's completed handshakes (a connection established, RFC 6347 §4.2.4). */
    private record Established(java.util.concurrent.atomic.LongAdder count)
            implements org.eclipse.californium.scandium.ConnectionListener {
        public void onConnectionEstablished(org.eclipse.californium.scandium.dtls.Connection c) {
            count.increment();
        }

        public void onConnectionRemoved(org.eclipse.californium.scandium.dtls.Connection c) {
        }

        public boolean onConnectionUpdatesSequenceNumbers(org.eclipse.californium.scandium.dtls.Connection c,
                                                          boolean writeSequence) {
            return false;
        }

        public boolean onConnectionMacError(org.eclipse.californium.scandium.dtls.Connection c) {
            return false;
        }

        public void beforeExecution(org.eclipse.californium.scandium.dtls.Connection c) {
        }

        public void updateExecution(org.eclipse.californium.scandium.dtls.Connection c) {
        }

        public void afterExecution(org.eclipse.californium.scandium.dtls.Connection c) {
        }
    }
}
