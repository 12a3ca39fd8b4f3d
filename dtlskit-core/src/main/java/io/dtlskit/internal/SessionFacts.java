package io.dtlskit.internal;

import io.dtlskit.CipherSuite;
import io.dtlskit.PeerIdentity;
import io.dtlskit.ServerEvent;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What a completed server handshake established, read from the engine's peer once; {@link #report}
 * emits the events that tell it (the peer's certificate, a resumption, the server name it asked for),
 * after the session has taken the facts over, so that a listener that asks the server finds them.
 *
 * @param cipherSuite the negotiated suite's IANA name
 * @param openSslName its OpenSSL name (the IANA one where OpenSSL has none)
 * @param peerIdentity what authenticated the peer (a certificate, a raw key), or null for PSK
 * @param identity the PSK identity or the peer identity described, or null
 * @param serverName the SNI host name the client sent (RFC 6066 §3), or null
 * @param certified the peer sent a certificate or raw key (or an empty one, when only wanted)
 * @param resumed the handshake resumed a cached session (RFC 5246 §7.3)
 */
record SessionFacts(String cipherSuite, String openSslName, PeerIdentity peerIdentity, String identity,
                    String serverName, boolean certified, boolean resumed) {

    /** Reads the facts after {@code accept} returned; {@code identity} is the PSK identity seen so far. */
    static SessionFacts read(ServerCore core, ServerPeer peer, CertificateHooks.Server certificates,
                             InetSocketAddress peerAddress, String identity) {
        int code = peer.negotiatedCipherSuite();
        CipherSuite suite = CipherSuite.fromCode(code);
        String name = CipherSuite.nameOf(code);
        PeerIdentity peerIdentity = null;
        boolean certified = certificates != null && certificates.peer() != null;
        if (certified) {
            peerIdentity = certificates.peer();
            identity = peerIdentity.describe();
        }
        boolean resumed = peer.resumed();
        if (resumed) {
            core.handshakesResumed.increment();
            identity = peer.pskIdentity(); // a resumed session asks for no PSK
            if (identity == null && certificates != null) { // nor a certificate: the session remembers it
                try {
                    peerIdentity = CertificateHooks.resumedPeer(core.options.peerAuth(), peer.peerCertificate());
                } catch (IOException e) {
                    peerIdentity = null; // it was parsed and checked when the session was made
                }
                identity = peerIdentity == null ? null : peerIdentity.describe();
            }
        }
        return new SessionFacts(name, suite != null ? suite.openSslName() : name, peerIdentity, identity,
                peer.serverName(), certified, resumed);
    }

    /** Emits what the handshake established, ending with the association being encrypted. */
    void report(ServerCore core, InetSocketAddress peerAddress) {
        if (certified) {
            core.emit(new ServerEvent.PeerCertificate(core.now(), peerAddress, peerIdentity));
        }
        if (resumed) {
            core.emit(new ServerEvent.SessionResumed(core.now(), peerAddress, identity));
        }
        if (serverName != null) {
            core.emit(new ServerEvent.ServerNameReceived(core.now(), peerAddress, serverName));
        }
        core.emit(new ServerEvent.PeerEncrypted(core.now(), peerAddress, cipherSuite, openSslName));
    }
}
