package io.dtlskit.reliability;

import io.dtlskit.testing.Qt;
import io.dtlskit.AssociationEvent;
import io.dtlskit.DtlsAssociation;
import io.dtlskit.DtlsClient;
import io.dtlskit.DtlsServer;
import io.dtlskit.PskKey;
import io.dtlskit.ServerEvent;
import io.dtlskit.testing.RecordingListener;
import io.dtlskit.testing.RecordingServerListener;
import io.dtlskit.testing.ResourceCheck;
import io.dtlskit.testing.UdpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The PSK key never shows (issue 7, "Secrets"): a server and clients run with a distinctive key, at
 * SLF4J debug level (and java.util.logging at ALL), through failures (a wrong key, bad key input); then
 * everything captured (standard output and error, log records, every event's text and byte fields,
 * exception messages and stack traces, the toString() of every public object, the key log, every
 * datagram on the wire) is scanned for the key as hex (either case, with or without separators), as
 * Base64, and as raw bytes. The CLI's own output is covered by dtlskit-app's CliTest.
 */
class SecretsTest {
    static final String KEY_HEX = "d7b3a9f1c2e48b065a1f9e3c7d20b4e891c6f03a5b7e2d48e0f49a3c16b5d27f";
    static final String WRONG_HEX = "3c91e07b5fa2d8461b0e9c7a2f53d8b1";
    static final List<String> LOGGERS = List.of("io.dtlskit.internal.ClientLoop", "io.dtlskit.internal.ClientObserver", "io.dtlskit.internal.ClientExchange", "io.dtlskit.internal.ServerSession",
            "io.dtlskit.internal.PeerPolicy", "io.dtlskit.internal.Dispatcher", "io.dtlskit.internal.Reactor", "io.dtlskit");

    @Test
    void theKeyNeverAppearsInLogsEventsExceptionsToStringsKeyLogOrOnTheWire(@TempDir Path dir) throws Exception {
        ResourceCheck resources = ResourceCheck.baseline();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> texts = new ArrayList<>();
        List<byte[]> binaries = new CopyOnWriteArrayList<>();
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<Object, Integer> levels = debugLogging();
        Logger julRoot = Logger.getLogger("");
        Level julLevel = julRoot.getLevel();
        List<String> julRecords = new CopyOnWriteArrayList<>();
        Handler julCapture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                julRecords.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + stackTrace(r.getThrown())));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julRoot.addHandler(julCapture);
        julRoot.setLevel(Level.ALL);
        PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        RecordingServerListener serverEvents = new RecordingServerListener();
        RecordingListener events = new RecordingListener();
        try {
            PskKey key = PskKey.ofHex(KEY_HEX);
            Path keyLog = dir.resolve("keys.log");
            try (DtlsServer server = Qt.server().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .pskKey(key).listener(serverEvents).handshakeTimeout(Duration.ofSeconds(2))
                    .initialRetransmit(Duration.ofMillis(100)).keyLog(keyLog).start();
                 UdpRelay relay = new UdpRelay(server.localAddress(), 0x5ec2e7);
                 DtlsClient client = Qt.client().pskKey(key).keepAlive(Qt.PINGER, Duration.ofMillis(50)).keyLog(keyLog).build();
                 DtlsClient wrong = Qt.client().pskKey(PskKey.ofHex(WRONG_HEX)).initialRetransmit(Duration.ofMillis(100))
                         .handshakeTimeout(Duration.ofMillis(1500)).build()) {
                relay.tap((direction, c, d) -> binaries.add(d));
                DtlsAssociation good = client.association(relay.address()).name("Keeper").pskIdentity("keeper")
                        .listener(events).connect();
                texts.add(good.handshake().get(10, TimeUnit.SECONDS).toString());
                events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 3, Duration.ofSeconds(10), "replies");
                good.send("application data".getBytes(StandardCharsets.US_ASCII));
                DtlsAssociation bad = wrong.association(relay.address()).name("Intruder").listener(events).connect();
                Throwable failure = catchThrowable(() -> bad.handshake().get(10, TimeUnit.SECONDS));
                assertThat(failure).isInstanceOf(ExecutionException.class);
                texts.add(stackTrace(failure));
                serverEvents.await(e -> e instanceof ServerEvent.PeerFailed, Duration.ofSeconds(10), "the server gives up on the intruder");
                texts.add(good.stats().toString());
                texts.add(bad.stats().toString());
                texts.add(good.toString());
                texts.add(bad.toString());
                texts.add(server.stats().toString());
                texts.add(server.peers().toString());
                texts.add(client.toString());
                texts.add(client.newBuilder().toString());
                texts.add(key.toString());
                good.close();
                good.terminated().get(5, TimeUnit.SECONDS);
            }
            // Bad key input: the messages name the problem, never the key's characters.
            for (String badInput : List.of(KEY_HEX + "z", KEY_HEX + "0", "0x" + KEY_HEX + "g1")) {
                texts.add(stackTrace(catchThrowable(() -> PskKey.ofHex(badInput))));
            }
            Path badFile = dir.resolve("bad.key");
            Files.writeString(badFile, KEY_HEX + "xyz\n");
            texts.add(stackTrace(catchThrowable(() -> PskKey.fromFile(badFile))));
            key.destroy();
            texts.add(stackTrace(catchThrowable(key::copy)));
            texts.add(Files.readString(keyLog));
            assertThat(Files.readString(keyLog)).as("the key log was written").contains("CLIENT_RANDOM");
        } finally {
            System.setOut(out);
            System.setErr(err);
            restoreLogging(levels);
            julRoot.removeHandler(julCapture);
            julRoot.setLevel(julLevel);
        }
        collectEvents(events, serverEvents, binaries, texts);
        String log = console.toString(StandardCharsets.UTF_8);
        texts.add(log);
        texts.addAll(julRecords);
        assertThat(log).as("debug logging was on").contains("DEBUG");

        byte[] keyBytes = HexFormat.of().parseHex(KEY_HEX);
        byte[] wrongBytes = HexFormat.of().parseHex(WRONG_HEX);
        for (String text : texts) {
            assertNoKey(text, KEY_HEX, keyBytes);
            assertNoKey(text, WRONG_HEX, wrongBytes);
        }
        for (byte[] b : binaries) {
            assertThat(Wire.indexOf(b, keyBytes)).as("raw key bytes in a datagram or event").isEqualTo(-1);
            assertThat(Wire.indexOf(b, wrongBytes)).as("raw wrong-key bytes in a datagram or event").isEqualTo(-1);
        }
        assertThat(binaries).as("the wire was captured").hasSizeGreaterThan(10);
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    /**
     * Private keys (issue 13) never show either: a mutual-authentication certificate session, a raw
     * public key session and a rejected client run at debug level; every text and datagram is scanned
     * for each private key's scalar (hex, Base64, raw bytes) and its PKCS#8 encoding.
     */
    @Test
    void privateKeysNeverAppearInLogsEventsExceptionsToStringsOrOnTheWire(@TempDir Path dir) throws Exception {
        ResourceCheck resources = ResourceCheck.baseline();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> texts = new ArrayList<>();
        List<byte[]> binaries = new CopyOnWriteArrayList<>();
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<Object, Integer> levels = debugLogging();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        RecordingServerListener serverEvents = new RecordingServerListener();
        RecordingListener events = new RecordingListener();
        io.dtlskit.certs.TestCerts certs = new io.dtlskit.certs.TestCerts(77);
        var serverCred = io.dtlskit.certs.TestCerts.credentials(certs.server, certs.ca);
        var clientCred = io.dtlskit.certs.TestCerts.credentials(certs.client, certs.ca);
        var rpk = io.dtlskit.Credentials.rawPublicKey(certs.maker.newKeyPair());
        var trust = io.dtlskit.PeerVerifier.trusting(List.of(certs.ca.certificate()));
        List<java.security.PrivateKey> keys = List.of(serverCred.privateKey(), clientCred.privateKey(), rpk.privateKey(),
                certs.ca.keys().getPrivate());
        try {
            Path keyLog = dir.resolve("keys.log");
            try (DtlsServer server = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .credentials(serverCred).clientAuth(io.dtlskit.ClientAuth.NEED, trust).listener(serverEvents)
                    .handler(io.dtlskit.ServerHandler.ack())
                    .handshakeTimeout(Duration.ofSeconds(5)).keyLog(keyLog).start();
                 DtlsServer rawServer = DtlsServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                         .credentials(rpk).listener(serverEvents).start();
                 UdpRelay relay = new UdpRelay(server.localAddress(), 0x5ec2e8);
                 DtlsClient client = DtlsClient.builder().credentials(clientCred).serverVerifier(trust)
                         .keepAlive(io.dtlskit.testing.Qt.PINGER, Duration.ofMillis(50)).keyLog(keyLog).build();
                 DtlsClient anonymous = DtlsClient.builder().serverVerifier(trust).build();
                 DtlsClient pinned = DtlsClient.builder().serverVerifier(io.dtlskit.PeerVerifier.pinnedKeys(List.of(rpk.fingerprint())))
                         .build()) {
                relay.tap((direction, c, d) -> binaries.add(d));
                DtlsAssociation good = client.association(relay.address()).name("Holder").listener(events).connect();
                texts.add(good.handshake().get(10, TimeUnit.SECONDS).toString());
                events.awaitCount(e -> e instanceof AssociationEvent.ServerResponse, 2, Duration.ofSeconds(10), "replies");
                DtlsAssociation refused = anonymous.association(relay.address()).name("NoCert").listener(events).connect();
                texts.add(stackTrace(catchThrowable(() -> refused.handshake().get(10, TimeUnit.SECONDS))));
                DtlsAssociation raw = pinned.association(rawServer.localAddress()).name("Raw").listener(events).connect();
                texts.add(raw.handshake().get(10, TimeUnit.SECONDS).toString());
                texts.add(server.peers().toString());
                texts.add(client.newBuilder().toString());
                good.close();
                good.terminated().get(5, TimeUnit.SECONDS);
            }
            texts.add(serverCred.toString());
            texts.add(clientCred.toString());
            texts.add(rpk.toString());
            texts.add(certs.server.toString());
            Path unreadable = dir.resolve("bad-key.pem");
            Files.writeString(unreadable, "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
            texts.add(stackTrace(catchThrowable(() -> io.dtlskit.Credentials.rawPublicKey(unreadable))));
            texts.add(Files.readString(keyLog));
        } finally {
            System.setOut(out);
            System.setErr(err);
            restoreLogging(levels);
        }
        collectEvents(events, serverEvents, binaries, texts);
        texts.add(console.toString(StandardCharsets.UTF_8));
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("CN=test client"));
        for (java.security.PrivateKey k : keys) {
            byte[] scalar = scalar(k);
            String hex = HexFormat.of().formatHex(scalar);
            String pkcs8 = Base64.getEncoder().encodeToString(k.getEncoded());
            for (String text : texts) {
                assertNoKey(text, hex, scalar);
                assertThat(text).doesNotContain(pkcs8.substring(pkcs8.length() - 40));
            }
            for (byte[] b : binaries) {
                assertThat(Wire.indexOf(b, scalar)).as("private key bytes on the wire").isEqualTo(-1);
            }
        }
        assertThat(binaries).as("the wire was captured").hasSizeGreaterThan(5);
        resources.assertNoLeaks(Duration.ofSeconds(10));
    }

    /** An EC private key's 32-byte scalar. */
    static byte[] scalar(java.security.PrivateKey key) {
        byte[] s = ((java.security.interfaces.ECPrivateKey) key).getS().toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, s.length);
        System.arraycopy(s, s.length - n, out, 32 - n, n);
        return out;
    }

    static void assertNoKey(String text, String hex, byte[] raw) {
        String colons = String.join(":", hex.split("(?<=\\G..)"));
        String spaces = String.join(" ", hex.split("(?<=\\G..)"));
        assertThat(text).doesNotContainIgnoringCase(hex).doesNotContainIgnoringCase(hex.substring(0, 16))
                .doesNotContainIgnoringCase(colons).doesNotContainIgnoringCase(spaces)
                .doesNotContain(Base64.getEncoder().encodeToString(raw))
                .doesNotContain(java.util.Arrays.toString(raw).substring(0, 20));
        for (byte[] asBytes : List.of(text.getBytes(StandardCharsets.ISO_8859_1), text.getBytes(StandardCharsets.UTF_8))) {
            assertThat(Wire.indexOf(asBytes, raw)).as("raw key bytes in text").isEqualTo(-1);
        }
    }

    /** Every recorded event's text, message and byte fields, both sides. */
    static void collectEvents(RecordingListener events, RecordingServerListener serverEvents, List<byte[]> binaries,
            List<String> texts) throws Exception {
        for (AssociationEvent e : events.snapshot()) {
            texts.add(e.toString());
            texts.add(e.message());
            collectBytes(e, binaries, texts);
        }
        for (ServerEvent e : serverEvents.snapshot()) {
            texts.add(e.toString());
            texts.add(e.message());
            collectBytes(e, binaries, texts);
        }
    }

    /** Byte arrays inside an event record (datagram, plaintext), which its toString() does not show. */
    static void collectBytes(Object event, List<byte[]> binaries, List<String> texts) throws Exception {
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(event);
            if (v instanceof byte[] b) {
                binaries.add(b);
            } else if (v instanceof Throwable t) {
                texts.add(stackTrace(t));
            } else if (v != null) {
                texts.add(v.toString());
            }
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /**
     * Turns the dtlskit SLF4J loggers (slf4j-simple in tests) to DEBUG. slf4j-simple fixes each
     * logger's level when it is created, so the level field is set directly; restored afterwards.
     */
    static Map<Object, Integer> debugLogging() throws Exception {
        Map<Object, Integer> old = new LinkedHashMap<>();
        for (String name : LOGGERS) {
            Object logger = LoggerFactory.getLogger(name);
            Field level = levelField(logger);
            if (level != null) {
                old.put(logger, level.getInt(logger));
                level.setInt(logger, 10); // slf4j-simple's LOG_LEVEL_DEBUG
            }
        }
        assertThat(old).as("slf4j-simple loggers found").isNotEmpty();
        return old;
    }

    static void restoreLogging(Map<Object, Integer> old) throws Exception {
        for (var e : old.entrySet()) {
            levelField(e.getKey()).setInt(e.getKey(), e.getValue());
        }
    }

    private static Field levelField(Object logger) {
        for (Class<?> c = logger.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("currentLogLevel");
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        return null;
    }
}
