package io.dtlskit.app.gui;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Validation of the server's "IP and port" dialog, without Swing. */
public final class ListenForm {
    private ListenForm() {
    }

    /** Exactly one of {@code address} and {@code error} is non-null. */
    public record Result(InetSocketAddress address, String error) {
        public boolean ok() {
            return address != null;
        }
    }

    /** The address must be a literal (the dialog lists this machine's); port 0 picks a free one. */
    public static Result validate(String address, String port) {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.isEmpty()) {
            return new Result(null, "An address to listen on is required");
        }
        if (!ConnectForm.isAddressLiteral(a)) {
            return new Result(null, "'" + a + "' is not an IP address of this machine");
        }
        int p;
        try {
            p = Integer.parseInt(port == null ? "" : port.strip().replace(",", "").replace("\u00a0", ""));
        } catch (NumberFormatException e) {
            return new Result(null, "Port must be a number from 0 to 65535, was '" + port + "'");
        }
        if (p < 0 || p > 65535) {
            return new Result(null, "Port must be from 0 to 65535, was " + p);
        }
        try {
            // A literal: getByName parses it without any lookup.
            return new Result(new InetSocketAddress(InetAddress.getByName(a), p), null);
        } catch (UnknownHostException e) {
            return new Result(null, "'" + a + "' is not a valid IP address");
        }
    }
}
