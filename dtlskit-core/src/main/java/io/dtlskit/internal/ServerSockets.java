package io.dtlskit.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** Opens the one UDP socket a server receives every peer on. */
public final class ServerSockets {
    static final int RECEIVE_BUFFER = 4 << 20;

    private ServerSockets() {
    }

    /**
     * A non-blocking channel bound to {@code bind}.
     *
     * @param keyLog closed as well when binding fails (null: none), so a failed start holds no file
     * @throws IOException if the address cannot be bound (the message names the address)
     */
    public static DatagramChannel bind(InetSocketAddress bind, KeyLog keyLog) throws IOException {
        DatagramChannel channel = DatagramChannel.open(bind.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            // One socket carries every peer: with the kernel's default (208 KiB on Linux) a burst from a
            // few hundred peers overflows it while the reactor is descheduled, and the kernel drops
            // datagrams silently (RcvbufErrors). Ask for 4 MiB; the kernel caps it at net.core.rmem_max.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(bind);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            if (keyLog != null) {
                keyLog.close();
            }
            throw new IOException("cannot bind " + Addresses.hostPort(bind) + ": " + e.getMessage(), e);
        }
        return channel;
    }
}
