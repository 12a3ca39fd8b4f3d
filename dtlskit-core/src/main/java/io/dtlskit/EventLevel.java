package io.dtlskit;

/**
 * How an event is shown. INFO, WARNING and ERROR are the three panes' colours of Qt's examples;
 * DATA is a datagram shown to the user (Qt's right-hand pane); DEBUG is the finer detail tools want.
 */
public enum EventLevel {
    DEBUG, INFO, WARNING, ERROR, DATA
}
