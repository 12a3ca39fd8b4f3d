package io.dtlskit.internal;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Server identity checks for certificates (RFC 6125 §6): DNS names against subjectAltName dNSName
 * entries (one wildcard, left-most label only), IP literals against iPAddress entries; the subject
 * CN only when the certificate has no subjectAltName at all.
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNames() {
    }

    /** True for an IPv4 dotted quad or an IPv6 literal (with or without brackets); no DNS lookup. */
    public static boolean isIpLiteral(String name) {
        return IPV4.matcher(name).matches() || name.indexOf(':') >= 0;
    }

    /** The names a certificate is for, for messages: its DNS and IP subjectAltNames, or its CN. */
    public static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            int type = (Integer) san.get(0);
            if (type == SAN_DNS || type == SAN_IP) {
                out.add(Text.inert(String.valueOf(san.get(1))));
            }
        }
        if (out.isEmpty()) {
            String cn = commonName(cert);
            if (cn != null) {
                out.add(Text.inert(cn));
            }
        }
        return out;
    }

    public static boolean matches(X509Certificate cert, String expected) {
        String wanted = expected.startsWith("[") && expected.endsWith("]") ? expected.substring(1, expected.length() - 1)
                : expected;
        Collection<List<?>> sans = sans(cert);
        if (isIpLiteral(wanted)) {
            byte[] address = ipBytes(wanted);
            for (List<?> san : sans) {
                if ((Integer) san.get(0) == SAN_IP && address != null
                        && java.util.Arrays.equals(address, ipBytes(String.valueOf(san.get(1))))) {
                    return true;
                }
            }
            return false; // RFC 6125 §6.2.1: an IP is never matched against a CN or a dNSName
        }
        String host = normalize(wanted);
        boolean anyDns = false;
        for (List<?> san : sans) {
            if ((Integer) san.get(0) == SAN_DNS) {
                anyDns = true;
                if (dnsMatches(normalize(String.valueOf(san.get(1))), host)) {
                    return true;
                }
            }
        }
        if (!anyDns && sans.isEmpty()) {
            String cn = commonName(cert);
            return cn != null && dnsMatches(normalize(cn), host);
        }
        return false;
    }

    /** {@code *.example.com} matches {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}. */
    static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
        }
        return pattern.equals(host);
    }

    private static String normalize(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // compared as given; it will simply not match a valid name
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private static byte[] ipBytes(String literal) {
        try {
            if (!isIpLiteral(literal)) {
                return null;
            }
            return java.net.InetAddress.getByName(literal).getAddress(); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static Collection<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> s = cert.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            var name = new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName());
            for (var rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }
}
