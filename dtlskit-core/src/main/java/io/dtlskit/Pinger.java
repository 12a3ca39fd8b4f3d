package io.dtlskit;

/**
 * Makes the payload of each keep-alive ping (see {@code DtlsClient.Builder.keepAlive}). Called on the
 * association's thread; must be fast and must not throw.
 */
@FunctionalInterface
public interface Pinger {
    /** The payload of ping {@code number} (0, 1, ...) of the named association. */
    byte[] ping(String association, long number);
}
