package io.dtlskit.probe.internal;

import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.ClientHello;
import org.bouncycastle.tls.ContentType;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.KeyShareEntry;
import org.bouncycastle.tls.MaxFragmentLength;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.Vector;

/**
 * One ClientHello the probe sends, as a value: the message itself is Bouncy Castle's
 * {@link ClientHello} and its extensions come from {@link TlsExtensionsUtils}; only the DTLS
 * handshake and record headers (RFC 6347 §4.2.2, §4.1) are written here, with {@link TlsUtils}'
 * field writers, because Bouncy Castle keeps its DTLS record layer package-private.
 */
public record Hello(ProtocolVersion version, byte[] random, byte[] sessionId, byte[] cookie, int[] suites,
                    Set<Extra> extras) {

    /** What a ClientHello carries beyond what every probe ClientHello carries. */
    public enum Extra {
        /** RFC 7627 extended master secret. */
        EMS,
        /** RFC 7366 encrypt-then-MAC. */
        ETM,
        /** RFC 9146 connection_id (54), offering an empty CID. */
        CID,
        /** mbedTLS' pre-RFC connection ID extension number (254), same body. */
        CID_DRAFT,
        /** RFC 6066 max_fragment_length 2^10. */
        MAX_FRAGMENT_LENGTH,
        /** RFC 8449 record_size_limit 1024. */
        RECORD_SIZE_LIMIT,
        /** RFC 5077 empty session_ticket. */
        SESSION_TICKET,
        /** RFC 8446 §4.2.1 supported_versions = DTLS 1.3 with an X25519 key share (RFC 9147). */
        DTLS13,
        /** RFC 7250 server_certificate_type = {RawPublicKey, X.509}. */
        RAW_PUBLIC_KEY,
        /** A padding extension (RFC 7685) of 16 bytes: the "other extensions" of a cookie test. */
        PADDING
    }

    /** The extensions offered in every scan ClientHello (nothing that changes what a server may pick). */
    public static final Set<Extra> STANDARD = Set.of(Extra.EMS, Extra.ETM, Extra.SESSION_TICKET);

    public static Hello of(ProtocolVersion version, int[] suites, Set<Extra> extras, Random random) {
        byte[] r = new byte[32];
        random.nextBytes(r);
        return new Hello(version, r, new byte[0], new byte[0], suites, Set.copyOf(extras));
    }

    public Hello withCookie(byte[] c) {
        return new Hello(version, random, sessionId, c, suites, extras);
    }

    public Hello withRandom(Random rnd) {
        byte[] r = new byte[32];
        rnd.nextBytes(r);
        return new Hello(version, r, sessionId, cookie, suites, extras);
    }

    public Hello withExtras(Set<Extra> e) {
        return new Hello(version, random, sessionId, cookie, suites, Set.copyOf(e));
    }

    public Hello withVersion(ProtocolVersion v) {
        return new Hello(v, random, sessionId, cookie, suites, extras);
    }

    public Hello withSessionId(byte[] id) {
        return new Hello(version, random, id, cookie, suites, extras);
    }

    /** The ClientHello body (no headers), encoded by Bouncy Castle. */
    public byte[] body() {
        try {
            ClientHello hello = new ClientHello(version, random, sessionId, cookie, suites, extensions(), 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            hello.encode(null, out); // the context is not used when encoding a ClientHello
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Hashtable<Integer, byte[]> extensions() throws IOException {
        Hashtable<Integer, byte[]> ext = new Hashtable<>();
        // RFC 5746 §3.4: an empty renegotiation_info; servers on Bouncy Castle refuse hellos without it.
        ext.put(ExtensionType.renegotiation_info, TlsUtils.encodeOpaque8(new byte[0]));
        // RFC 8422 §5.1: without groups and point formats an (EC)DHE or ECDSA suite cannot be chosen.
        TlsExtensionsUtils.addSupportedGroupsExtension(ext, new int[] {NamedGroup.x25519, NamedGroup.secp256r1,
                NamedGroup.secp384r1, NamedGroup.ffdhe2048});
        TlsExtensionsUtils.addSupportedPointFormatsExtension(ext, new short[] {0});
        TlsExtensionsUtils.addSignatureAlgorithmsExtension(ext, signatureAlgorithms());
        for (Extra e : extras) {
            switch (e) {
                case EMS -> TlsExtensionsUtils.addExtendedMasterSecretExtension(ext);
                case ETM -> TlsExtensionsUtils.addEncryptThenMACExtension(ext);
                case CID -> TlsExtensionsUtils.addConnectionIDExtension(ext, new byte[0]);
                case CID_DRAFT -> ext.put(ExtensionTypes.CID_DRAFT, TlsUtils.encodeOpaque8(new byte[0]));
                case MAX_FRAGMENT_LENGTH -> TlsExtensionsUtils.addMaxFragmentLengthExtension(ext, MaxFragmentLength.pow2_10);
                case RECORD_SIZE_LIMIT -> TlsExtensionsUtils.addRecordSizeLimitExtension(ext, 1024);
                case SESSION_TICKET -> ext.put(ExtensionType.session_ticket, new byte[0]);
                case PADDING -> TlsExtensionsUtils.addPaddingExtension(ext, 16);
                case RAW_PUBLIC_KEY -> TlsExtensionsUtils.addServerCertificateTypeExtensionClient(ext,
                        new short[] {CertificateType.RawPublicKey, CertificateType.X509});
                case DTLS13 -> {
                    TlsExtensionsUtils.addSupportedVersionsExtensionClient(ext, new ProtocolVersion[] {ProtocolVersion.DTLSv13});
                    // Any 32 bytes are an X25519 public value (RFC 7748 §5): the probe never finishes this handshake.
                    byte[] share = java.util.Arrays.copyOf(random, 32);
                    Vector<KeyShareEntry> shares = new Vector<>();
                    shares.add(new KeyShareEntry(NamedGroup.x25519, share));
                    TlsExtensionsUtils.addKeyShareClientHello(ext, shares);
                }
            }
        }
        return ext;
    }

    private static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> sigs = new Vector<>();
        for (short hash : new short[] {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512, HashAlgorithm.sha1}) {
            sigs.add(SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa));
            sigs.add(SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.rsa));
        }
        sigs.add(SignatureAndHashAlgorithm.ed25519);
        sigs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        sigs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha384);
        return sigs;
    }

    /** The handshake message: RFC 6347 §4.2.2 header (message_seq 0, one fragment) and the body. */
    public byte[] message(int messageSeq) {
        byte[] body = body();
        return fragment(body, messageSeq, 0, body.length);
    }

    static byte[] fragment(byte[] body, int messageSeq, int offset, int length) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TlsUtils.writeUint8(HandshakeType.client_hello, out);
            TlsUtils.writeUint24(body.length, out);
            TlsUtils.writeUint16(messageSeq, out);
            TlsUtils.writeUint24(offset, out);
            TlsUtils.writeUint24(length, out);
            out.write(body, offset, length);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One datagram holding the whole ClientHello in one epoch-0 record with sequence number {@code seq}. */
    public byte[] datagram(int messageSeq, long seq) {
        return record(ContentType.handshake, recordVersion(), seq, message(messageSeq));
    }

    /**
     * The ClientHello cut into {@code pieces} fragments (RFC 6347 §4.2.3), one record each, all in one
     * datagram list: what a client with a small MTU sends.
     */
    public List<byte[]> fragmentedDatagrams(int messageSeq, long firstSeq, int pieces) {
        byte[] body = body();
        List<byte[]> out = new ArrayList<>();
        int step = (body.length + pieces - 1) / pieces;
        long seq = firstSeq;
        for (int off = 0; off < body.length; off += step) {
            int len = Math.min(step, body.length - off);
            out.add(record(ContentType.handshake, recordVersion(), seq++, fragment(body, messageSeq, off, len)));
        }
        return out;
    }

    private ProtocolVersion recordVersion() {
        // RFC 9147 §5.1 / RFC 6347 §4.1: a DTLS 1.3 hello travels in a DTLS 1.2 record.
        return version.isEqualOrEarlierVersionOf(ProtocolVersion.DTLSv12) ? version : ProtocolVersion.DTLSv12;
    }

    /** An epoch-0 fatal alert record (RFC 5246 §7.2), sent to end an attempt the probe will not finish. */
    public static byte[] alert(short description, long seq) {
        byte[] body = new byte[2];
        TlsUtils.writeUint8(AlertLevel.fatal, body, 0);
        TlsUtils.writeUint8(description, body, 1);
        return record(ContentType.alert, ProtocolVersion.DTLSv12, seq, body);
    }

    /** A DTLSPlaintext record (RFC 6347 §4.1), epoch 0. */
    static byte[] record(short type, ProtocolVersion version, long seq, byte[] fragment) {
        byte[] out = new byte[Records.HEADER + fragment.length];
        TlsUtils.writeUint8(type, out, 0);
        TlsUtils.writeVersion(version, out, 1);
        TlsUtils.writeUint16(0, out, 3);
        TlsUtils.writeUint48(seq, out, 5);
        TlsUtils.writeUint16(fragment.length, out, 11);
        System.arraycopy(fragment, 0, out, Records.HEADER, fragment.length);
        return out;
    }
}
