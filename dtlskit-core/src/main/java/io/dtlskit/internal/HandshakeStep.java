package io.dtlskit.internal;

/** How far a client handshake got: a timeout names the last step reached and what that suggests. */
public enum HandshakeStep {
    SOCKET_CONNECTED("socket connected"),
    CLIENT_HELLO_SENT("ClientHello sent"),
    PSK_PROVIDED("PSK provided"),
    COMPLETED("handshake complete");

    private final String text;

    HandshakeStep(String text) {
        this.text = text;
    }

    /** The words used in messages, e.g. {@code last step: PSK provided}. */
    public String text() {
        return text;
    }
}
