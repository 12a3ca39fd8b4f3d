package io.dtlskit;

/** Whether a server asks clients for a certificate or raw public key (RFC 5246 §7.4.4). */
public enum ClientAuth {
    /** No CertificateRequest is sent. */
    NONE,
    /** Asked for; a client without one still connects, reported as {@link PeerIdentity.Anonymous}. */
    WANT,
    /** Required: a client without one is refused with a handshake_failure alert. */
    NEED
}
