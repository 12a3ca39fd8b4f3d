package io.dtlskit.internal;

import org.bouncycastle.tls.DatagramSender;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie exchange of RFC 6347 §4.2.1: bound to the address and port and to version, random,
 * session_id, cipher_suites and compression_methods, not to the extensions; the secret rotates on an
 * injected clock, so nothing here sleeps.
 */
class CookieGuardTest {
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final InetSocketAddress ALICE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    final ManualClock clock = new ManualClock();
    final CookieGuard guard = new CookieGuard(new SecureRandom(), clock, LIFETIME);
    final Sent sent = new Sent();

    @Test
    void firstClientHelloIsChallengedWithAHelloVerifyRequestNoLargerThanIt() {
        byte[] hello = new Hello().bytes();
        CookieGuard.Result r = guard.verify(ALICE, hello, hello.length, sent);
        assertThat(r.outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        assertThat(r.request()).isNull();
        assertThat(sent.datagrams).hasSize(1);
        assertThat(sent.last()[0]).as("a handshake record").isEqualTo((byte) 22);
        assertThat(sent.last()[13]).as("hello_verify_request").isEqualTo((byte) 3);
        assertThat(sent.last().length).isEqualTo(CookieGuard.HELLO_VERIFY_REQUEST_SIZE).isLessThanOrEqualTo(hello.length);
    }

    @Test
    void theSmallestClientHelloTheEngineParsesStillGetsNoLargerAnswer() {
        Hello smallest = new Hello();
        smallest.suites = new int[] {0x00a8};
        smallest.extensions = null;
        byte[] hello = smallest.bytes();
        assertThat(guard.verify(ALICE, hello, hello.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        assertThat(sent.last().length).isLessThanOrEqualTo(hello.length);
    }

    @Test
    void returnedCookieIsAccepted() {
        Hello h = new Hello();
        h.cookie = challenge(h);
        byte[] second = h.bytes();
        CookieGuard.Result r = guard.verify(ALICE, second, second.length, sent);
        assertThat(r.outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);
        assertThat(r.request()).isNotNull();
        assertThat(sent.datagrams).as("only the first HelloVerifyRequest").hasSize(1);
    }

    @Test
    void changedExtensionsWithTheSameFiveFieldsAreAccepted() {
        // OpenSSL with SSL_OP_ALL adds a padding extension (RFC 7685, type 21) to the second ClientHello only.
        Hello h = new Hello();
        h.cookie = challenge(h);
        h.extensions = concat(h.extensions, new byte[] {0x00, 0x15, 0x00, 0x04, 0, 0, 0, 0});
        byte[] second = h.bytes();
        assertThat(guard.verify(ALICE, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);

        Hello none = new Hello();
        none.cookie = challenge(none);
        none.extensions = null; // extensions left out altogether
        byte[] bare = none.bytes();
        assertThat(guard.verify(ALICE, bare, bare.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);
    }

    @Test
    void changingAnyOfTheFiveFieldsIsChallengedAgain() {
        List<Consumer<Hello>> changes = List.of(
                h -> h.version = 0xfeff,                                     // DTLS 1.0 instead of 1.2
                h -> h.random[31] ^= 1,
                h -> h.sessionId = new byte[] {1, 2, 3, 4},
                h -> h.suites = new int[] {0x00a8, 0xc0a8},                  // one suite fewer
                h -> h.compression = new byte[] {1, 0});                     // DEFLATE offered as well
        for (int i = 0; i < changes.size(); i++) {
            Hello h = new Hello();
            h.cookie = challenge(h);
            changes.get(i).accept(h);
            byte[] second = h.bytes();
            int before = sent.datagrams.size();
            CookieGuard.Result r = guard.verify(ALICE, second, second.length, sent);
            assertThat(r.outcome()).as("change %d of the five fields", i).isEqualTo(CookieGuard.Outcome.CHALLENGED);
            assertThat(sent.datagrams).as("a fresh HelloVerifyRequest for change %d", i).hasSize(before + 1);
        }
    }

    @Test
    void anotherAddressOrPortIsChallengedAgain() {
        Hello h = new Hello();
        h.cookie = challenge(h);
        byte[] second = h.bytes();
        InetSocketAddress otherPort = new InetSocketAddress(ALICE.getAddress(), ALICE.getPort() + 1);
        InetSocketAddress otherHost = new InetSocketAddress(InetAddress.getLoopbackAddress().getHostAddress()
                .equals("127.0.0.1") ? "127.0.0.2" : "::2", ALICE.getPort());
        assertThat(guard.verify(otherPort, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        assertThat(guard.verify(otherHost, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        assertThat(guard.verify(ALICE, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);
    }

    @Test
    void aCookieOutlivesOneRotationButNotTwo() {
        Hello h = new Hello();
        byte[] cookie = challenge(h);
        h.cookie = cookie;
        byte[] second = h.bytes();

        clock.advance(LIFETIME); // the secret that made the cookie is now the previous one
        assertThat(guard.verify(ALICE, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);

        clock.advance(LIFETIME); // two rotations: a replay of the captured cookie is challenged afresh
        int before = sent.datagrams.size();
        assertThat(guard.verify(ALICE, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        assertThat(sent.datagrams).hasSize(before + 1);
        byte[] fresh = cookieOf(sent.last());
        assertThat(fresh).isNotEqualTo(cookie);

        h.cookie = fresh;
        byte[] third = h.bytes();
        assertThat(guard.verify(ALICE, third, third.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);
    }

    @Test
    void aLongIdleGapInvalidatesBothSecrets() {
        Hello h = new Hello();
        h.cookie = challenge(h);
        byte[] second = h.bytes();
        clock.advance(LIFETIME.multipliedBy(7));
        assertThat(guard.verify(ALICE, second, second.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
    }

    @Test
    void aForgedCookieIsChallengedAndAFragmentedClientHelloIsDroppedUnanswered() {
        Hello h = new Hello();
        h.cookie = new byte[32];
        new Random(6347).nextBytes(h.cookie);
        byte[] forged = h.bytes();
        assertThat(guard.verify(ALICE, forged, forged.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);

        byte[] fragment = new Hello().bytes();
        // Declare the message 10 bytes longer than this fragment: the verifier takes whole messages only.
        int length = ((fragment[14] & 0xff) << 16 | (fragment[15] & 0xff) << 8 | (fragment[16] & 0xff)) + 10;
        fragment[14] = (byte) (length >> 16);
        fragment[15] = (byte) (length >> 8);
        fragment[16] = (byte) length;
        int before = sent.datagrams.size();
        assertThat(guard.verify(ALICE, fragment, fragment.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.DROPPED);
        assertThat(sent.datagrams).hasSize(before);
    }

    /** Sends {@code h} without a cookie and returns the cookie of the HelloVerifyRequest. */
    private byte[] challenge(Hello h) {
        byte[] saved = h.cookie;
        h.cookie = new byte[0];
        byte[] first = h.bytes();
        h.cookie = saved;
        assertThat(guard.verify(ALICE, first, first.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        return cookieOf(sent.last());
    }

    /** RFC 6347 §4.2.1: HelloVerifyRequest = server_version (2), cookie<0..2^8-1>, after both headers. */
    static byte[] cookieOf(byte[] hvr) {
        int at = 13 + 12 + 2;
        return Arrays.copyOfRange(hvr, at + 1, at + 1 + (hvr[at] & 0xff));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A DTLS 1.2 ClientHello in one record, fields as RFC 6347 §4.2.1 / RFC 5246 §7.4.1.2 lay them out. */
    static final class Hello {
        int version = 0xfefd;
        byte[] random = new byte[32];
        byte[] sessionId = new byte[0];
        byte[] cookie = new byte[0];
        int[] suites = {0x00a8, 0xc0a8, 0x00ab};
        byte[] compression = {0};
        /** Extension blocks (type, length, data); null for no extensions field at all. */
        byte[] extensions = {(byte) 0xff, 0x01, 0x00, 0x01, 0x00,   // renegotiation_info, empty
                0x00, 0x17, 0x00, 0x00};                             // extended_master_secret

        Hello() {
            new Random(42).nextBytes(random);
        }

        byte[] bytes() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(version >> 8);
            body.write(version);
            body.writeBytes(random);
            body.write(sessionId.length);
            body.writeBytes(sessionId);
            body.write(cookie.length);
            body.writeBytes(cookie);
            body.write(suites.length * 2 >> 8);
            body.write(suites.length * 2);
            for (int s : suites) {
                body.write(s >> 8);
                body.write(s);
            }
            body.write(compression.length);
            body.writeBytes(compression);
            if (extensions != null) {
                body.write(extensions.length >> 8);
                body.write(extensions.length);
                body.writeBytes(extensions);
            }
            byte[] b = body.toByteArray();
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            d.writeBytes(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 1});
            int recordLength = 12 + b.length;
            d.write(recordLength >> 8);
            d.write(recordLength);
            d.write(1); // client_hello
            d.writeBytes(u24(b.length));
            d.writeBytes(new byte[] {0, cookie.length == 0 ? (byte) 0 : (byte) 1}); // message_seq
            d.writeBytes(u24(0));
            d.writeBytes(u24(b.length));
            d.writeBytes(b);
            return d.toByteArray();
        }

        private static byte[] u24(int v) {
            return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
        }
    }

    static final class Sent implements DatagramSender {
        final List<byte[]> datagrams = new ArrayList<>();

        @Override
        public int getSendLimit() {
            return 1400;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            datagrams.add(Arrays.copyOfRange(buf, off, off + len));
        }

        byte[] last() {
            return datagrams.getLast();
        }
    }

    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T16:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
