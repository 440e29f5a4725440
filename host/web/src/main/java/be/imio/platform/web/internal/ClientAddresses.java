package be.imio.platform.web.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

/**
 * Who sent a request: the connection's address, or, when that address is one of the instance's
 * trusted reverse proxies, the client the proxies name in {@code X-Forwarded-For} (the header
 * nginx, Apache httpd and HAProxy append to). Read right to left, as the proxies appended it: the
 * first address that is not itself a trusted proxy is the client; anything left of it was sent by
 * the client and is not believed. A malformed entry ends the walk at the last trusted hop.
 *
 * <p>Throttles and limits count by {@link #key}: an IPv4 address, or an IPv6 address's /64
 * prefix, since one IPv6 subscriber commonly holds a whole /64 and could otherwise pose as
 * billions of clients.
 */
final class ClientAddresses {

    private final List<Range> proxies;

    /** {@code trusted}: IP literals or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}). */
    ClientAddresses(List<Range> trusted) {
        this.proxies = List.copyOf(trusted);
    }

    /** The client's address, as an IP literal in the JDK's normal form. */
    String client(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        Optional<InetAddress> hop = literal(remote);
        if (hop.isEmpty() || !trusted(hop.get())) {
            return remote;
        }
        InetAddress client = hop.get();
        List<String> entries = listed(request, "X-Forwarded-For");
        for (int i = entries.size() - 1; i >= 0; i--) {
            Optional<InetAddress> named = literal(entries.get(i));
            if (named.isEmpty()) {
                break;
            }
            client = named.get();
            if (!trusted(client)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    /**
     * True when the client reached the instance over HTTPS: the connection itself, or a trusted
     * proxy that says so in {@code X-Forwarded-Proto} (the last value, the one it set itself).
     */
    boolean overHttps(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        Optional<InetAddress> hop = literal(request.getRemoteAddr());
        if (hop.isEmpty() || !trusted(hop.get())) {
            return false;
        }
        List<String> values = listed(request, "X-Forwarded-Proto");
        return !values.isEmpty() && values.get(values.size() - 1).equalsIgnoreCase("https");
    }

    private boolean trusted(InetAddress address) {
        return proxies.stream().anyMatch(range -> range.contains(address));
    }

    /** The comma-separated values of every {@code name} header, in order, stripped. */
    private static List<String> listed(HttpServletRequest request, String name) {
        List<String> entries = new ArrayList<>();
        Enumeration<String> headers = request.getHeaders(name);
        for (String header : headers == null ? Collections.<String>emptyList() : Collections.list(headers)) {
            for (String entry : header.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        return entries;
    }

    /**
     * What throttles count by: the address itself for IPv4, its /64 prefix ({@code 2001:db8:1:2::/64})
     * for IPv6. {@code address} is an IP literal; anything else is returned as it is.
     */
    static String key(String address) {
        Optional<InetAddress> parsed = literal(address);
        if (parsed.isEmpty() || parsed.get().getAddress().length == 4) {
            return address;
        }
        byte[] bytes = parsed.get().getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
        }
        return prefix.append(":/64").toString();
    }

    /**
     * An IPv4 or IPv6 literal (IPv6 possibly in brackets), parsed without any name lookup; empty
     * for anything else, host names included.
     */
    static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                String[] parts = s.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) part;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            // Only hexadecimal digits, colons and dots: the JDK parses it as a literal, never a name.
            if (s.indexOf(':') >= 0 && s.length() <= 45 && s.matches("[0-9A-Fa-f:.]+")) {
                return Optional.of(InetAddress.getByName(s));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** An address range in CIDR notation, or one address. */
    record Range(byte[] network, int bits) {

        /**
         * Parses {@code 192.0.2.1}, {@code 10.0.0.0/8}, {@code ::1} or {@code fd00::/8}.
         *
         * @throws IllegalArgumentException for anything else, with the entry in its message
         */
        static Range parse(String entry) {
            String s = entry.strip();
            int slash = s.indexOf('/');
            Optional<InetAddress> address = literal(slash < 0 ? s : s.substring(0, slash));
            if (address.isEmpty()) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
            }
            byte[] network = address.get().getAddress();
            int bits = network.length * 8;
            if (slash >= 0) {
                String suffix = s.substring(slash + 1);
                if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > bits) {
                    throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
                }
                bits = Integer.parseInt(suffix);
            }
            return new Range(network, bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
