package io.dtlskit.app.gui;

import io.dtlskit.PskKey;

import java.time.Duration;

/**
 * What the "Host info" dialog produced.
 *
 * @param host         host name or address text as typed (not resolved yet)
 * @param port         0 to 65535
 * @param pskIdentity  blank means "the association's name", as Qt sends
 * @param pskKey       null means the client's default key (Qt's example key unless given at start)
 * @param pingInterval zero disables pings
 * @param auth         PSK, certificate or raw public key ({@link AuthChoice#PSK} by default)
 */
public record ConnectSettings(String host, int port, String pskIdentity, PskKey pskKey, Duration pingInterval,
                              AuthChoice auth) {
    public ConnectSettings(String host, int port, String pskIdentity, PskKey pskKey, Duration pingInterval) {
        this(host, port, pskIdentity, pskKey, pingInterval, AuthChoice.PSK);
    }

    /** The same settings with another authentication choice. */
    public ConnectSettings withAuth(AuthChoice choice) {
        return new ConnectSettings(host, port, pskIdentity, pskKey, pingInterval, choice);
    }

    /** Never the key: {@link PskKey#toString()} prints only its length. */
    @Override
    public String toString() {
        return "ConnectSettings[host=" + host + ", port=" + port + ", identity=" + pskIdentity + ", key="
                + pskKey + ", ping=" + pingInterval + ", auth=" + auth.mode() + "]";
    }
}
