package io.dtlskit;

/** The UDP socket failed: cannot bind, connect or send, or the address is unusable. */
public final class TransportException extends DtlsException {
    public TransportException(String association, String message, Throwable cause) {
        super(association, message, cause);
    }
}
