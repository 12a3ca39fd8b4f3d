package io.dtlskit.probe.internal;

import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerHello;
import org.bouncycastle.tls.TlsExtensionsUtils;

/** Version names and the version a ServerHello selects (RFC 8446 §4.2.1 for 1.3). */
final class Versions {
    private Versions() {
    }

    static ProtocolVersion selected(ServerHello sh) {
        try {
            ProtocolVersion v = sh.getExtensions() == null ? null
                    : TlsExtensionsUtils.getSupportedVersionsExtensionServer(sh.getExtensions());
            return v != null ? v : sh.getVersion();
        } catch (java.io.IOException | RuntimeException e) {
            return sh.getVersion();
        }
    }

    static boolean selected13(ServerHello sh) {
        return ProtocolVersion.DTLSv13.equals(selected(sh));
    }

    static String name(ProtocolVersion v) {
        if (ProtocolVersion.DTLSv10.equals(v)) {
            return "DTLS 1.0";
        }
        if (ProtocolVersion.DTLSv12.equals(v)) {
            return "DTLS 1.2";
        }
        if (ProtocolVersion.DTLSv13.equals(v)) {
            return "DTLS 1.3";
        }
        return v == null ? "?" : String.format("0x%02X%02X", v.getMajorVersion(), v.getMinorVersion());
    }
}
