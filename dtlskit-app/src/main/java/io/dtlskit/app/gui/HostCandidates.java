package io.dtlskit.app.gui;

import io.dtlskit.Endpoints;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The entries of the host combo boxes, in Qt's order (docs/qt-compatibility.md §3): the local host name,
 * {@code host.domain}, {@code localhost}, the non-loopback interface addresses, a separator, the
 * loopback addresses. Finding the host name may query DNS, so windows compute this off the event
 * thread.
 */
public final class HostCandidates {
    /** Marks where the separator goes; never a valid host. */
    public static final String SEPARATOR = "\u0000separator";

    private HostCandidates() {
    }

    /** Client "Host info" combo entries. */
    public static List<String> forClient() {
        Set<String> out = new LinkedHashSet<>();
        String name = localHostName();
        if (name != null && !name.isEmpty()) {
            out.add(name);
            String domain = localDomainName();
            if (domain != null && !domain.isEmpty() && !name.contains(".")) {
                out.add(name + "." + domain);
            }
        }
        out.add("localhost");
        return assemble(new ArrayList<>(out));
    }

    /** Server "IP and port" combo entries: this machine's addresses, loopback included (unlike Qt). */
    public static List<String> forServer() {
        return assemble(new ArrayList<>());
    }

    static List<String> assemble(List<String> names) {
        List<String> out = new ArrayList<>(names);
        List<String> loopback = new ArrayList<>();
        for (InetAddress a : interfaceAddresses()) {
            String text = Endpoints.host(a);
            if (a.isLoopbackAddress()) {
                loopback.add(text);
            } else if (!out.contains(text)) {
                out.add(text);
            }
        }
        if (loopback.isEmpty()) {
            loopback.add("127.0.0.1");
        }
        out.add(SEPARATOR);
        // IPv4 loopback first: it is what most peers listen on.
        loopback.sort((x, y) -> Boolean.compare(x.contains(":"), y.contains(":")));
        out.addAll(loopback);
        return out;
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    // Link-local IPv6 needs a scope to be usable; Qt lists them, but they only confuse here.
                    if (!a.isLinkLocalAddress()) {
                        out.add(withoutScope(a));
                    }
                }
            }
        } catch (SocketException | NullPointerException e) {
            // no interfaces visible: loopback is still offered
        }
        return out;
    }

    /** Java attaches the interface as scope to every IPv6 address; only link-local ones need it. */
    private static InetAddress withoutScope(InetAddress a) {
        if (a instanceof java.net.Inet6Address) {
            try {
                return InetAddress.getByAddress(a.getAddress());
            } catch (UnknownHostException e) {
                return a;
            }
        }
        return a;
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? null : env;
        }
    }

    /** Like Qt's {@code QHostInfo::localDomainName()} on Unix: resolv.conf's domain, else its first search entry. */
    static String localDomainName() {
        try {
            String search = null;
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("domain")) {
                    return f[1];
                }
                if (f.length >= 2 && f[0].equals("search") && search == null) {
                    search = f[1];
                }
            }
            return search;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
