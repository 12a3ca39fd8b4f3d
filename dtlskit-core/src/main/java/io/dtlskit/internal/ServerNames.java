package io.dtlskit.internal;

import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;

import java.nio.charset.StandardCharsets;
import java.util.Vector;

/**
 * The host name a client asked for in its server_name extension (RFC 6066 §3), as inert text: the
 * client chooses these bytes, so they are decoded as ASCII (the only encoding §3 allows; anything else
 * becomes U+FFFD), control characters are escaped and the length is bounded.
 */
public final class ServerNames {
    /** RFC 1035 §2.3.4: a host name has at most 255 octets. Longer input is cut, marked with "…". */
    static final int MAX_LENGTH = 255;

    private ServerNames() {
    }

    /** The first host_name entry, or null when the client sent none (or an IP literal: §3 forbids those). */
    public static String hostName(SecurityParameters parameters) {
        if (parameters == null) {
            return null;
        }
        return hostName(parameters.getClientServerNames());
    }

    static String hostName(Vector<?> names) {
        if (names == null) {
            return null;
        }
        for (Object o : names) {
            if (o instanceof ServerName n && n.getNameType() == NameType.host_name && n.getNameData() != null) {
                String name = new String(n.getNameData(), StandardCharsets.US_ASCII);
                if (name.length() > MAX_LENGTH) {
                    name = name.substring(0, MAX_LENGTH) + "…";
                }
                return Text.inert(name);
            }
        }
        return null;
    }
}
