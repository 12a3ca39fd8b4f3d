package io.dtlskit;

import java.io.IOException;

/**
 * Why an association failed. The family is closed, so a caller can switch over what it can do:
 * retry later ({@link HandshakeTimeoutException}), fix its configuration ({@link AlertException},
 * typically a wrong PSK), check the network ({@link TransportException}), or accept that it was
 * closed ({@link AssociationClosedException}). Messages name the association and never contain key
 * material.
 */
public abstract sealed class DtlsException extends IOException
        permits HandshakeTimeoutException, AlertException, TransportException, AssociationClosedException {
    private final String association;

    protected DtlsException(String association, String message, Throwable cause) {
        super(message, cause);
        this.association = association;
    }

    /** The association (client) or peer address (server) this is about. */
    public String association() {
        return association;
    }
}
