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
    void aForgedCookieIsChallengedAndAnUnparsableClientHelloIsDroppedUnanswered() {
        Hello h = new Hello();
        h.cookie = new byte[32];
        new Random(6347).nextBytes(h.cookie);
        byte[] forged = h.bytes();
        assertThat(guard.verify(ALICE, forged, forged.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);

        byte[] truncated = Arrays.copyOf(new Hello().bytes(), 13 + 12 + 30); // record says more than there is
        int before = sent.datagrams.size();
        assertThat(guard.verify(ALICE, truncated, truncated.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.DROPPED);
        assertThat(sent.datagrams).hasSize(before);
    }

    @Test
    void aFragmentedClientHelloIsReassembledThenChallengedAndVerified() {
        // As OpenSSL s_client -mtu 256 and gnutls-cli --mtu 200 send it: one fragment per datagram.
        Hello h = new Hello();
        h.suites = new int[60];
        for (int i = 0; i < h.suites.length; i++) {
            h.suites[i] = 0xc000 + i;
        }
        h.cookie = new byte[0];
        List<byte[]> first = fragments(h.bytes(), 60);
        assertThat(first).hasSizeGreaterThan(2);
        for (int i = 0; i < first.size() - 1; i++) {
            byte[] f = first.get(i);
            assertThat(guard.verify(ALICE, f, f.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.FRAGMENT_HELD);
        }
        assertThat(sent.datagrams).isEmpty();
        byte[] last = first.getLast();
        assertThat(guard.verify(ALICE, last, last.length, sent).outcome()).isEqualTo(CookieGuard.Outcome.CHALLENGED);
        assertThat(guard.fragmentedHellosHeld()).isZero();

        h.cookie = cookieOf(sent.last());
        byte[] whole = h.bytes();
        List<byte[]> second = fragments(whole, 60);
        java.util.Collections.reverse(second); // order does not matter
        CookieGuard.Result r = null;
        for (byte[] f : second) {
            r = guard.verify(ALICE, f, f.length, sent);
        }
        assertThat(r.outcome()).isEqualTo(CookieGuard.Outcome.VERIFIED);
        assertThat(r.request()).isNotNull();
        assertThat(Arrays.copyOfRange(r.clientHello(), 13, r.clientHello().length))
                .as("the whole ClientHello, unfragmented").isEqualTo(Arrays.copyOfRange(whole, 13, whole.length));
    }

    @Test
    void heldFragmentsAreBoundedAsAWhole() {
        for (int port = 1; port <= CookieGuard.FRAGMENTED_HELLOS + 50; port++) {
            byte[] f = fragments(new Hello().bytes(), 40).getFirst();
            assertThat(guard.verify(new InetSocketAddress(ALICE.getAddress(), port), f, f.length, sent).outcome())
                    .isEqualTo(CookieGuard.Outcome.FRAGMENT_HELD);
        }
        assertThat(guard.fragmentedHellosHeld()).isEqualTo(CookieGuard.FRAGMENTED_HELLOS);
        assertThat(sent.datagrams).as("nothing answered before the ClientHello is whole").isEmpty();
    }

    /** Splits an unfragmented ClientHello record into records of at most {@code size} body bytes. */
    static List<byte[]> fragments(byte[] whole, int size) {
        int length = whole.length - 25;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0, seq = 2; off < length; off += size, seq++) {
            int len = Math.min(size, length - off);
            byte[] r = new byte[25 + len];
            System.arraycopy(whole, 0, r, 0, 25);
            r[10] = (byte) seq; // record sequence number
            r[11] = (byte) ((12 + len) >> 8);
            r[12] = (byte) (12 + len);
            r[19] = (byte) (off >> 16);
            r[20] = (byte) (off >> 8);
            r[21] = (byte) off;
            r[22] = (byte) (len >> 16);
            r[23] = (byte) (len >> 8);
            r[24] = (byte) len;
            System.arraycopy(whole, 25 + off, r, 25, len);
            out.add(r);
        }
        return out;
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
