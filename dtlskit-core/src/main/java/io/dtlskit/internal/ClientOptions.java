package io.dtlskit.internal;

import io.dtlskit.Pinger;
import io.dtlskit.PskKey;

import java.time.Duration;

/**
 * A client's settings once built, as the association loop reads them.
 *
 * @param pinger       null: no keep-alive pings
 * @param pingInterval time between pings; the first goes out as soon as the association is encrypted
 * @param maxPings     0 = no limit
 * @param portUnreachableLimit ICMP port unreachable answers in a row that end a handshake; 0 = never
 * @param connectionId offer RFC 9146 (with an empty CID of our own)
 */
public record ClientOptions(Settings settings, PskKey pskKey, String pskIdentity, Pinger pinger, Duration pingInterval,
                            long maxPings, int unansweredPingsLimit, boolean reconnect, Duration reconnectInitial,
                            Duration reconnectMax, int portUnreachableLimit, boolean connectionId) {
    public boolean pinging() {
        return pinger != null && !pingInterval.isZero();
    }
}
