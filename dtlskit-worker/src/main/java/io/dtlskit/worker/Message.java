package io.dtlskit.worker;

import java.util.Objects;

/**
 * One message of Locust's master/worker protocol: the msgpack array {@code [type, data, node_id]}
 * (locust/rpc/protocol.py). {@code data} is a msgpack value decoded to plain Java: {@code null},
 * {@link Boolean}, {@link Long}, {@link Double}, {@link String}, {@code byte[]}, {@link java.util.List}
 * or {@link java.util.Map}.
 */
public record Message(String type, Object data, String nodeId) {
    public Message {
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        // The data may hold the master's whole command line; the type and node are enough for logs.
        return "<Message " + type + ":" + nodeId + ">";
    }
}
