package io.dtlskit.internal;

import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.MACAlgorithm;
import org.bouncycastle.tls.crypto.TlsHMAC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The server's stateless cookie exchange (RFC 6347 §4.2.1), with the cookie bound to what the client
 * must repeat and nothing else: its address and port, and the ClientHello's version, random,
 * session_id, cipher_suites and compression_methods. Extensions are left out on purpose: OpenSSL with
 * {@code SSL_OP_ALL} adds a {@code padding} extension to the second ClientHello only, once the cookie
 * makes it longer than 256 bytes, so a cookie over the extensions never verifies (docs/interop.md).
 *
 * <p>The secret rotates every {@code lifetime} (RFC 6347 §4.2.1: "change the secret frequently"): a
 * cookie made with the current or the previous secret verifies, an older one gets a fresh
 * HelloVerifyRequest. Nothing is kept per peer for a whole ClientHello; the state is the two secrets
 * and, for ClientHellos that arrive in fragments, a pool bounded as a whole ({@link HelloFragments}).
 *
 * <p>How a verified ClientHello reaches {@code DTLSServerProtocol}: Bouncy Castle 1.84 builds a
 * {@link DTLSRequest} (record and message sequence numbers, the message for the handshake hash) only
 * inside {@link DTLSVerifier}; its constructor is package-private and the jar is signed. Three ways
 * were weighed. (a) {@code setVerifyRequests(false)} and feeding the ClientHello as the first datagram
 * does not work: the engine then expects message_seq 0 and a cold record layer, while the verified
 * ClientHello has message_seq 1 and the ServerHello must follow on with message_seq 1 (RFC 6347
 * §4.2.2), so the handshake stalls. (c) Reflection on the constructor depends on private details and
 * breaks silently on an upgrade. (b), chosen: {@link DTLSVerifier} is kept for parsing, the
 * HelloVerifyRequest and the request, and is given a crypto whose HMAC decides what the cookie covers.
 * The verifier feeds that HMAC the client id and then the ClientHello without its cookie; our HMAC
 * reads the five fields from those bytes and ignores the rest. Only public API is used.
 *
 * <p>Called on the server's reactor thread. Concurrent calls would be safe (the secrets are one
 * immutable snapshot, the fragment pool is locked); two threads rotating at once could cost a client
 * one more HelloVerifyRequest.
 */
public final class CookieGuard {
    /** Record header 13 + handshake header 12 + server_version 2 + cookie length 1 + cookie 32. */
    public static final int HELLO_VERIFY_REQUEST_SIZE = 13 + 12 + 3 + 32;
    private static final int SECRET_BYTES = 32;
    /** RFC 6347 §4.2.1 asks for a frequently changed secret; a cookie then verifies for 5 to 10 minutes. */
    public static final Duration SECRET_LIFETIME = Duration.ofMinutes(5);

    /** What {@link #verify} did with a datagram. */
    public enum Outcome {
        /** The cookie verified: {@link Result#request()} is for the engine. */
        VERIFIED,
        /** A HelloVerifyRequest was sent. */
        CHALLENGED,
        /** A ClientHello fragment was kept until the rest arrives (see {@link HelloFragments}). */
        FRAGMENT_HELD,
        /** Not a ClientHello the verifier can parse, or an answer would be larger than it. */
        DROPPED
    }

    /**
     * What {@link #verify} did; for {@link Outcome#VERIFIED}, the request for the engine and the whole
     * ClientHello it came from (reassembled if it arrived in fragments).
     */
    public record Result(Outcome outcome, DTLSRequest request, byte[] clientHello) {
        static Result of(Outcome outcome) {
            return new Result(outcome, null, null);
        }
    }

    /** Partial ClientHellos held at once, their size bound, and how long one may take to complete. */
    static final int FRAGMENTED_HELLOS = 256;
    static final int MAX_FRAGMENTED_HELLO = 4096;
    static final long FRAGMENT_TTL_NANOS = 5_000_000_000L;

    private record Secrets(long period, byte[] current, byte[] previous) {
    }

    private final Clock clock;
    private final long lifetimeMillis;
    private final SecureRandom random;
    private final DTLSVerifier withCurrent;
    private final DTLSVerifier withPrevious;
    private final HelloFragments fragments = new HelloFragments(FRAGMENTED_HELLOS, MAX_FRAGMENTED_HELLO,
            FRAGMENT_TTL_NANOS);
    private volatile Secrets secrets;

    /**
     * @param random   source of the secrets
     * @param clock    decides when the secret rotates (tests pass their own)
     * @param lifetime how long one secret makes cookies; each verifies for one to two lifetimes
     */
    public CookieGuard(SecureRandom random, Clock clock, Duration lifetime) {
        if (lifetime.toMillis() < 1) {
            throw new IllegalArgumentException("cookie secret lifetime must be positive, was " + lifetime);
        }
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
        this.random = random;
        long period = Math.floorDiv(clock.millis(), lifetimeMillis);
        this.secrets = new Secrets(period, fresh(), null);
        this.withCurrent = new DTLSVerifier(new CookieCrypto(random, true));
        this.withPrevious = new DTLSVerifier(new CookieCrypto(random, false));
    }

    /**
     * Checks a datagram that starts with a ClientHello from {@code from}. Without a valid cookie, a
     * HelloVerifyRequest goes to {@code sender}, never larger than the datagram that caused it (RFC 6347
     * §4.2.1: the exchange must not amplify); a datagram the verifier cannot parse is dropped. Fragments
     * of a ClientHello are held (bounded, see {@link HelloFragments}) until it is whole.
     */
    public Result verify(InetSocketAddress from, byte[] datagram, int length, DatagramSender sender) {
        byte[] d = datagram;
        int n = length;
        if (HelloFragments.isFragment(d, n)) {
            d = fragments.offer(from, d, n, System.nanoTime());
            if (d == null) {
                return Result.of(Outcome.FRAGMENT_HELD);
            }
            n = d.length; // the answer is then measured against the whole ClientHello
        }
        rotateIfDue();
        byte[] id = clientId(from);
        Capture hvr = new Capture(n);
        DTLSRequest request = check(withCurrent, id, d, n, hvr);
        if (request != null) {
            return new Result(Outcome.VERIFIED, request, d);
        }
        if (hvr.bytes == null) {
            return Result.of(Outcome.DROPPED); // not a ClientHello the engine can take
        }
        if (secrets.previous != null) {
            request = check(withPrevious, id, d, n, new Capture(n));
            if (request != null) {
                return new Result(Outcome.VERIFIED, request, d);
            }
        }
        if (hvr.bytes.length > n) {
            return Result.of(Outcome.DROPPED);
        }
        try {
            sender.send(hvr.bytes, 0, hvr.bytes.length);
        } catch (IOException e) {
            return Result.of(Outcome.DROPPED);
        }
        return Result.of(Outcome.CHALLENGED);
    }

    /** Partial ClientHellos held now. */
    public int fragmentedHellosHeld() {
        return fragments.held();
    }

    private static DTLSRequest check(DTLSVerifier verifier, byte[] id, byte[] d, int n, Capture hvr) {
        return verifier.verifyRequest(id, d, 0, n, hvr); // bad input: null, nothing captured
    }

    private void rotateIfDue() {
        Secrets s = secrets;
        long period = Math.floorDiv(clock.millis(), lifetimeMillis);
        if (period == s.period) {
            return;
        }
        // One period on: the current secret becomes the previous one. Further: both are too old.
        secrets = new Secrets(period, fresh(), period == s.period + 1 ? s.current : null);
    }

    private byte[] fresh() {
        byte[] b = new byte[SECRET_BYTES];
        random.nextBytes(b);
        return b;
    }

    /** The client id the verifier feeds first: its own length, then address and port. */
    static byte[] clientId(InetSocketAddress from) {
        byte[] a = from.getAddress().getAddress();
        byte[] id = new byte[1 + a.length + 2];
        id[0] = (byte) (a.length + 2);
        System.arraycopy(a, 0, id, 1, a.length);
        id[1 + a.length] = (byte) (from.getPort() >> 8);
        id[2 + a.length] = (byte) from.getPort();
        return id;
    }

    /**
     * Holds the HelloVerifyRequest the verifier wants to send, so nothing leaves before we decide. Its
     * limit is the ClientHello's size: the answer may not be larger (RFC 6347 §4.2.1).
     */
    private static final class Capture implements DatagramSender {
        private final int limit;
        byte[] bytes;

        Capture(int limit) {
            this.limit = limit;
        }

        @Override
        public int getSendLimit() {
            return limit;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            bytes = java.util.Arrays.copyOfRange(buf, off, off + len);
        }
    }

    /**
     * Our crypto (the JDK's SHA-256 under the HMAC, as for handshakes: Bouncy Castle's own showed in
     * the server's handshake profile) with an HMAC that makes our cookie (see the class comment).
     */
    private final class CookieCrypto extends LeanCrypto {
        private final boolean current;

        CookieCrypto(SecureRandom random, boolean current) {
            super(random);
            this.current = current;
        }

        @Override
        public TlsHMAC createHMAC(int macAlgorithm) {
            Secrets s = secrets;
            return new CookieMac(super.createHMAC(MACAlgorithm.hmac_sha256), current ? s.current : s.previous,
                    getSecureRandom());
        }
    }

    /**
     * Collects what the verifier feeds (client id, then the ClientHello body without the cookie) and
     * MACs the client id and the five fields of RFC 6347 §4.2.1 under our secret. The key the verifier
     * sets is its own fixed one and is ignored.
     */
    private static final class CookieMac implements TlsHMAC {
        private final TlsHMAC hmac;
        private final byte[] secret;
        private final SecureRandom random;
        private final ByteArrayOutputStream fed = new ByteArrayOutputStream(512);

        CookieMac(TlsHMAC hmac, byte[] secret, SecureRandom random) {
            this.hmac = hmac;
            this.secret = secret;
            this.random = random;
        }

        @Override
        public void setKey(byte[] key, int keyOff, int keyLen) {
        }

        @Override
        public void update(byte[] input, int inOff, int length) {
            fed.write(input, inOff, length);
        }

        @Override
        public byte[] calculateMAC() {
            byte[] b = fed.toByteArray();
            int covered = coveredLength(b);
            byte[] out = new byte[hmac.getMacLength()];
            if (covered < 0 || secret == null) {
                random.nextBytes(out); // matches no cookie
                return out;
            }
            hmac.setKey(secret, 0, secret.length);
            hmac.update(b, 0, covered);
            return hmac.calculateMAC();
        }

        /**
         * How many leading bytes of what was fed the cookie covers: client id, version (2), random
         * (32), session_id, cipher_suites, compression_methods (RFC 5246 §7.4.1.2 layout, the cookie
         * already removed by the verifier); -1 if it does not parse.
         */
        static int coveredLength(byte[] b) {
            int p = 0;
            if (b.length < 1) {
                return -1;
            }
            p += 1 + (b[0] & 0xff); // client id
            p += 2 + 32; // client_version, random
            if (p + 1 > b.length) {
                return -1;
            }
            p += 1 + (b[p] & 0xff); // session_id
            if (p + 2 > b.length) {
                return -1;
            }
            p += 2 + (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff)); // cipher_suites
            if (p + 1 > b.length) {
                return -1;
            }
            p += 1 + (b[p] & 0xff); // compression_methods
            return p > b.length ? -1 : p;
        }

        @Override
        public void calculateMAC(byte[] output, int outOff) {
            byte[] mac = calculateMAC();
            System.arraycopy(mac, 0, output, outOff, mac.length);
        }

        @Override
        public int getMacLength() {
            return hmac.getMacLength();
        }

        @Override
        public void reset() {
            fed.reset();
            hmac.reset();
        }

        @Override
        public int getInternalBlockSize() {
            return hmac.getInternalBlockSize();
        }
    }
}
