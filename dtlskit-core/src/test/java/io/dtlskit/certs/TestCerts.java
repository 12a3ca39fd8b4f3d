package io.dtlskit.certs;

import io.dtlskit.Credentials;
import io.dtlskit.internal.CertificateMaker;
import io.dtlskit.internal.CertificateMaker.Issued;
import io.dtlskit.internal.CertificateMaker.Usage;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Certificates made for a test run: one CA with a server and a client leaf, and a second, untrusted CA. */
public final class TestCerts {
    public final CertificateMaker maker;
    public final Issued ca;
    public final Issued otherCa;
    public final Issued server;
    public final Issued client;

    public TestCerts(long seed) {
        SecureRandom random = seeded(seed);
        maker = new CertificateMaker(random);
        ca = maker.authority("test CA", Duration.ofDays(2));
        otherCa = maker.authority("other CA", Duration.ofDays(2));
        server = leaf(ca, "localhost", List.of("localhost", "127.0.0.1"), Usage.SERVER, Duration.ZERO);
        client = leaf(ca, "test client", List.of(), Usage.CLIENT, Duration.ZERO);
    }

    /** A leaf valid from now+{@code shift} for a day (a negative shift of more than a day gives an expired one). */
    public Issued leaf(Issued issuer, String cn, List<String> names, Usage usage, Duration shift) {
        Instant from = Instant.now().plus(shift).minus(Duration.ofMinutes(5));
        return maker.leaf(issuer, cn, names, usage, from, from.plus(Duration.ofDays(1)));
    }

    public static Credentials.Certificate credentials(Issued leaf, Issued ca) {
        return Credentials.certificate(List.of(leaf.certificate(), ca.certificate()), leaf.keys().getPrivate());
    }

    /** A DRBG seeded for repeatable serial numbers; keys stay unpredictable enough for a test. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
