package io.dtlskit;

/** The association was closed (locally, or by the peer's close_notify) before the operation completed. */
public final class AssociationClosedException extends DtlsException {
    public AssociationClosedException(String association, String message) {
        super(association, message, null);
    }
}
