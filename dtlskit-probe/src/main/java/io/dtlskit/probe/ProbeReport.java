package io.dtlskit.probe;

import java.util.List;

/**
 * What one probe found, as plain immutable values (the human report, the JSON and the GUI all print
 * this). Every string that came from the server (hint, certificate names) is untrusted: printers
 * escape it. {@code null} in a field means "not tested", with the reason in the section's notes.
 *
 * @param target the address probed, as given
 * @param reachable whether the server answered anything DTLS at all
 * @param elapsedMillis how long the probe took
 * @param versions which protocol versions the server accepts
 * @param suites the accepted cipher suites and the server's order
 * @param authentication how the server authenticates, and whether it asks for a client certificate
 * @param cookies HelloVerifyRequest, amplification, what the cookie is bound to, how long it lives
 * @param extensions which extensions the server negotiates
 * @param robustness fragmented ClientHello, retransmission timer, unknown version, unknown identity
 * @param handshake a full handshake and one application-data round trip (with credentials only)
 */
public record ProbeReport(String target, boolean reachable, long elapsedMillis, Versions versions, Suites suites,
                          Authentication authentication, Cookies cookies, Extensions extensions,
                          Robustness robustness, Handshake handshake) {

    /** The verdict and notes every section has; {@code warnings} are the lines printed in colour. */
    public record Verdict(String verdict, List<String> warnings, List<String> notes) {
        public Verdict {
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
        }
    }

    /** One version's answer: {@code accepted}, and what the server said (e.g. "alert protocol_version"). */
    public record VersionResult(String version, boolean accepted, String answer) {
    }

    public record Versions(List<VersionResult> results, Verdict verdict) {
        public Versions {
            results = List.copyOf(results);
        }

        public boolean accepts(String version) {
            return results.stream().anyMatch(r -> r.version().equals(version) && r.accepted());
        }
    }

    /** An accepted suite: IANA name, code point, and the weakness if any. */
    public record Suite(String name, int code, String weakness) {
    }

    /**
     * @param accepted every suite accepted when offered alone, in the catalog's order
     * @param offered how many suites were offered one by one
     * @param preference the accepted suites in the order the server picks them
     * @param serverOrder true if the server picks by its own order, false if it follows the client's,
     *                    null when fewer than two suites are accepted
     */
    public record Suites(List<Suite> accepted, int offered, List<String> preference, Boolean serverOrder,
                         Verdict verdict) {
        public Suites {
            accepted = List.copyOf(accepted);
            preference = List.copyOf(preference);
        }

        public List<String> acceptedNames() {
            return accepted.stream().map(Suite::name).toList();
        }
    }

    /** One certificate of the server's chain, summarised with the JDK's X.509 classes. */
    public record CertificateSummary(String subject, String issuer, String notBefore, String notAfter,
                                     String keyType, int keyBits, String signatureAlgorithm, String sha256) {
    }

    /**
     * @param methods "PSK", "certificate", "raw public key" (those seen across the accepted suites)
     * @param pskHint the PSK identity hint (null if none was sent)
     * @param chain the certificate chain, leaf first (empty without certificate suites)
     * @param rawPublicKey the raw public key summary (key type and size, SHA-256 of the SPKI), or null
     * @param clientCertificate "not requested", "requested", "required" or "optional"
     */
    public record Authentication(List<String> methods, String pskHint, List<CertificateSummary> chain,
                                 String rawPublicKey, String clientCertificate, Verdict verdict) {
        public Authentication {
            methods = List.copyOf(methods);
            chain = List.copyOf(chain);
        }
    }

    /**
     * @param helloVerifyRequest whether the server answers a cookie-less ClientHello with a HelloVerifyRequest
     * @param clientHelloBytes the first ClientHello's datagram size
     * @param firstFlightBytes what the server sent back to that ClientHello (all datagrams)
     * @param amplification firstFlightBytes / clientHelloBytes (RFC 6347 §4.2.1; RFC 9147 §5.1)
     * @param boundToPort, boundToRandom, boundToExtensions null when not tested (no cookie)
     * @param lifetime how long a cookie was still accepted, in words
     */
    public record Cookies(boolean helloVerifyRequest, int clientHelloBytes, int firstFlightBytes, int firstFlightDatagrams,
                          double amplification, Boolean boundToPort, Boolean boundToRandom, Boolean boundToExtensions,
                          String lifetime, Verdict verdict) {
    }

    /** Each field: true negotiated, false not negotiated, null not tested. */
    public record Extensions(Boolean extendedMasterSecret, Boolean encryptThenMac, Boolean renegotiationInfo,
                             Boolean connectionId, Boolean connectionIdDraft, Boolean maxFragmentLength,
                             Integer recordSizeLimit, Boolean sessionTicket, Boolean sessionIdResumption,
                             Verdict verdict) {
    }

    /**
     * @param retransmissions the gaps between copies of the server's flight, in ms, when we withhold our
     *                        next flight (first = initial timeout); observation is bounded
     */
    public record Robustness(String fragmentedClientHello, List<Long> retransmissions, String retransmission,
                             String unknownVersion, String unknownIdentity, Verdict verdict) {
        public Robustness {
            retransmissions = List.copyOf(retransmissions);
        }
    }

    /** A full PSK handshake with the given credentials and one application-data round trip. */
    public record Handshake(boolean attempted, boolean completed, String cipherSuite, long handshakeMillis,
                            String roundTrip, Verdict verdict) {
    }
}
