package io.dtlskit.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtlskit.AssociationEvent;
import io.dtlskit.AssociationListener;
import io.dtlskit.DtlsException;
import io.dtlskit.ServerEvent;
import io.dtlskit.ServerListener;
import io.dtlskit.Endpoints;
import java.util.HexFormat;

import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per event per line: {@code time}, {@code association} (or {@code peer}),
 * {@code level}, {@code event}, {@code message}, then the event's own fields. Fields are read from
 * the event records, so a new event type needs no code here. Bytes are hex, and their field says so
 * ({@code plaintextHex}); durations are fractional milliseconds. Events never hold key material.
 * Jackson writes the text, with every non-ASCII character escaped so a terminal shows it inert.
 */
final class JsonPrinter implements AssociationListener, ServerListener {
    private static final Set<String> COMMON = Set.of("time", "association", "peer");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = mapper();

    private final Terminal terminal;

    /** Controls, DEL and everything beyond ASCII as JSON unicode escapes: the line is inert on any terminal. */
    private static ObjectMapper mapper() {
        ObjectMapper m = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        m.getFactory().setCharacterEscapes(new com.fasterxml.jackson.core.io.CharacterEscapes() {
            private final int[] ascii = withDel();

            private static int[] withDel() {
                int[] e = standardAsciiEscapesForJSON();
                e[0x7f] = ESCAPE_STANDARD; // JSON allows DEL raw (RFC 8259 section 7); a terminal need not see it
                return e;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return ascii;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return null; // only standard escapes
            }
        });
        return m;
    }

    JsonPrinter(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void onEvent(AssociationEvent e) {
        ObjectNode o = NODES.objectNode();
        o.put("time", e.time().toString());
        o.put("association", e.association());
        rest(o, (Record) e, e.level().name().toLowerCase(), e.kind(), e.message());
        print(o);
    }

    @Override
    public void onEvent(ServerEvent e) {
        ObjectNode o = NODES.objectNode();
        o.put("time", e.time().toString());
        if (e.peer() != null) {
            o.put("peer", Endpoints.hostPort(e.peer()));
        }
        rest(o, (Record) e, e.level().name().toLowerCase(), e.kind(), e.message());
        print(o);
    }

    /** A summary or other object as one line. */
    void object(Map<String, ?> fields) {
        ObjectNode o = NODES.objectNode();
        fields.forEach((k, v) -> put(o, k, v));
        print(o);
    }

    private void print(ObjectNode o) {
        try {
            terminal.println(MAPPER.writeValueAsString(o));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void rest(ObjectNode o, Record event, String level, String kind, String message) {
        o.put("level", level);
        o.put("event", kind);
        o.put("message", message);
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            if (!COMMON.contains(c.getName())) {
                put(o, c.getName(), component(event, c));
            }
        }
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException ex) {
            return null;
        }
    }

    /** Puts a field; a byte array is hex under {@code nameHex}. */
    private static void put(ObjectNode o, String name, Object value) {
        o.set(value instanceof byte[] ? name + "Hex" : name, node(value));
    }

    static JsonNode node(Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Short s -> NODES.numberNode(s);
            case Double d -> NODES.numberNode(d);
            case Float f -> NODES.numberNode(f);
            case Number n -> NODES.numberNode(new java.math.BigDecimal(n.toString()));
            case Boolean b -> NODES.booleanNode(b);
            case Duration d -> NODES.numberNode(d.toNanos() / 1e6); // milliseconds, fractional
            case Instant i -> NODES.textNode(i.toString());
            case InetSocketAddress a -> NODES.textNode(Endpoints.hostPort(a));
            case byte[] bytes -> NODES.textNode(HexFormat.of().formatHex(bytes));
            case Enum<?> en -> NODES.textNode(en.name());
            case DtlsException ex -> {
                ObjectNode o = NODES.objectNode();
                o.put("type", ex.getClass().getSimpleName());
                o.put("message", ex.getMessage());
                yield o;
            }
            case io.dtlskit.PeerIdentity p -> node(PeerFields.of(p)); // never the raw chain
            case Record r -> {
                ObjectNode o = NODES.objectNode();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    put(o, c.getName(), component(r, c));
                }
                yield o;
            }
            case Map<?, ?> m -> {
                ObjectNode o = NODES.objectNode();
                m.forEach((k, val) -> put(o, String.valueOf(k), val));
                yield o;
            }
            case Iterable<?> it -> {
                var a = NODES.arrayNode();
                it.forEach(x -> a.add(node(x)));
                yield a;
            }
            default -> NODES.textNode(v.toString());
        };
    }
}
