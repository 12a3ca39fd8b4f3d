package io.dtlskit.app;

import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.DtlsException;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerListener;
import io.dtlskit.Endpoints;
import java.util.HexFormat;

import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per event per line: {@code time}, {@code association} (or {@code peer}),
 * {@code level}, {@code event}, {@code message}, then the event's own fields. Fields are read from
 * the event records, so a new event type needs no code here. Events never hold key material.
 */
final class JsonPrinter implements AssociationListener, ServerListener {
    private static final Set<String> COMMON = Set.of("time", "association", "peer");
    private final Terminal terminal;

    JsonPrinter(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void onEvent(AssociationEvent e) {
        StringBuilder sb = start(e.time());
        field(sb, "association", e.association());
        rest(sb, (Record) e, e.level().name().toLowerCase(), e.kind(), e.message());
        terminal.println(sb.toString());
    }

    @Override
    public void onEvent(ServerEvent e) {
        StringBuilder sb = start(e.time());
        if (e.peer() != null) {
            field(sb, "peer", Endpoints.hostPort(e.peer()));
        }
        rest(sb, (Record) e, e.level().name().toLowerCase(), e.kind(), e.message());
        terminal.println(sb.toString());
    }

    /** A summary or other object as one line. */
    void object(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> field(sb, k, v));
        terminal.println(sb.append('}').toString());
    }

    private static StringBuilder start(Instant time) {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "time", time.toString());
        return sb;
    }

    private static void rest(StringBuilder sb, Record event, String level, String kind, String message) {
        field(sb, "level", level);
        field(sb, "event", kind);
        field(sb, "message", message);
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            if (COMMON.contains(c.getName())) {
                continue;
            }
            try {
                field(sb, c.getName(), c.getAccessor().invoke(event));
            } catch (ReflectiveOperationException ex) {
                field(sb, c.getName(), "?");
            }
        }
        sb.append('}');
    }

    private static void field(StringBuilder sb, String name, Object value) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(sb, name);
        sb.append(':');
        value(sb, value);
    }

    static void value(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            case Duration d -> sb.append(d.toNanos() / 1e6); // milliseconds, fractional
            case Instant i -> quote(sb, i.toString());
            case InetSocketAddress a -> quote(sb, Endpoints.hostPort(a));
            case byte[] bytes -> quote(sb, HexFormat.of().formatHex(bytes));
            case DtlsException ex -> {
                sb.append("{\"type\":");
                quote(sb, ex.getClass().getSimpleName());
                sb.append(",\"message\":");
                quote(sb, ex.getMessage());
                sb.append('}');
            }
            case io.dtlskit.PeerIdentity p -> value(sb, PeerFields.of(p)); // never the raw chain
            case Record r -> {
                sb.append('{');
                int start = sb.length();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    if (sb.length() > start) {
                        sb.append(',');
                    }
                    quote(sb, c.getName());
                    sb.append(':');
                    try {
                        value(sb, c.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException ex) {
                        sb.append("null");
                    }
                }
                sb.append('}');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(sb, String.valueOf(en.getKey()));
                    sb.append(':');
                    value(sb, en.getValue());
                }
                sb.append('}');
            }
            case Iterable<?> it -> {
                sb.append('[');
                boolean first = true;
                for (Object o : it) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    value(sb, o);
                }
                sb.append(']');
            }
            default -> quote(sb, v.toString());
        }
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
