package io.dtlskit.worker;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * msgpack encoding of {@link Message}s as Locust 2.x writes them: {@code msgpack.dumps((type, data,
 * node_id))} and reads them with {@code msgpack.loads(raw=False, strict_map_key=False)}, so strings are
 * msgpack str, and map keys may be integers (the per-second and response-time histograms).
 */
final class MessageCodec {
    static {
        // msgpack-core's default buffers use sun.misc.Unsafe, which JDK 24+ warns about on stderr at first
        // use (JEP 471/498); its ByteBuffer-based "universal" buffers need no Unsafe and are fast enough
        // for a few messages a second. Read once, when msgpack's MessageBuffer class initialises.
        System.getProperties().putIfAbsent("msgpack.universal-buffer", "true");
    }

    private MessageCodec() {
    }

    static byte[] encode(Message m) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3);
            p.packString(m.type());
            pack(p, m.data());
            pack(p, m.nodeId());
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory packer: cannot happen
        }
    }

    /** Decodes one frame from the master; anything that is not a 3-element array is rejected. */
    static Message decode(byte[] frame) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            Value v = u.unpackValue();
            if (!v.isArrayValue() || v.asArrayValue().size() != 3 || !v.asArrayValue().get(0).isStringValue()) {
                throw new IllegalArgumentException("not a Locust message (expected [type, data, node_id])");
            }
            ArrayValue a = v.asArrayValue();
            Object node = toJava(a.get(2));
            return new Message(a.get(0).asStringValue().asString(), toJava(a.get(1)),
                    node instanceof String s ? s : null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("undecodable message from the master: " + e.getMessage(), e);
        }
    }

    private static void pack(MessageBufferPacker p, Object o) throws IOException {
        switch (o) {
            case null -> p.packNil();
            case String s -> p.packString(s);
            case Boolean b -> p.packBoolean(b);
            case Integer i -> p.packInt(i);
            case Long l -> p.packLong(l);
            case Double d -> p.packDouble(d);
            case Float f -> p.packDouble(f);
            case byte[] b -> p.packBinaryHeader(b.length).writePayload(b);
            case Map<?, ?> map -> {
                p.packMapHeader(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    pack(p, e.getKey());
                    pack(p, e.getValue());
                }
            }
            case List<?> list -> {
                p.packArrayHeader(list.size());
                for (Object e : list) {
                    pack(p, e);
                }
            }
            default -> throw new IllegalArgumentException("cannot encode " + o.getClass().getName());
        }
    }

    static Object toJava(Value v) {
        return switch (v.getValueType()) {
            case NIL -> null;
            case BOOLEAN -> v.asBooleanValue().getBoolean();
            case INTEGER -> v.asIntegerValue().isInLongRange() ? (Object) v.asIntegerValue().toLong()
                    : (Object) v.asIntegerValue().toBigInteger().doubleValue();
            case FLOAT -> v.asFloatValue().toDouble();
            case STRING -> v.asStringValue().asString();
            case BINARY -> v.asBinaryValue().asByteArray();
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Value e : v.asArrayValue()) {
                    out.add(toJava(e));
                }
                yield out;
            }
            case MAP -> {
                MapValue m = v.asMapValue();
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<Value, Value> e : m.entrySet()) {
                    out.put(toJava(e.getKey()), toJava(e.getValue()));
                }
                yield out;
            }
            case EXTENSION -> null; // Locust sends none; ignore rather than fail the whole message
        };
    }
}
