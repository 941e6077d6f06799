package lab.onion.relay.exit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One exit policy rule, {@code accept|reject HOST:PORTS} where HOST is {@code *}, a host name,
 * an IPv4 address or an IPv4 network in CIDR form, and PORTS is {@code *}, a port or a range
 * {@code low-high} (Tor's ExitPolicy syntax, plus names for the lab's services).
 *
 * @param accept   accept or reject
 * @param hostName the host name this rule names (lower case), or null for an address rule
 * @param network  the IPv4 network, or null for a name rule or {@code *}
 * @param prefix   the network's prefix length (0 for {@code *})
 * @param portLow  first port
 * @param portHigh last port
 * @param text     the rule as written
 */
public record ExitRule(boolean accept, String hostName, byte[] network, int prefix, int portLow, int portHigh,
                       String text) {

    private static final Pattern RULE = Pattern.compile("(?i)\\s*(accept|reject)\\s+(\\S+):(\\S+)\\s*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /**
     * Parses one rule.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ExitRule parse(String text) {
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("exit policy rule \"" + text
                    + "\" is not \"accept|reject host-or-cidr:port-or-*\"");
        }
        boolean accept = m.group(1).equalsIgnoreCase("accept");
        String host = m.group(2).toLowerCase(Locale.ROOT);
        int[] ports = ports(m.group(3), text);
        String normalized = (accept ? "accept " : "reject ") + host + ":" + m.group(3);
        if (host.equals("*")) {
            return new ExitRule(accept, null, null, 0, ports[0], ports[1], normalized);
        }
        String address = host;
        int prefix = 32;
        int slash = host.indexOf('/');
        if (slash >= 0) {
            address = host.substring(0, slash);
            try {
                prefix = Integer.parseInt(host.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > 32 || !IPV4.matcher(address).matches()) {
                throw new IllegalArgumentException("exit policy rule \"" + text + "\": \"" + host
                        + "\" is not an IPv4 network a.b.c.d/0..32");
            }
        }
        if (IPV4.matcher(address).matches()) {
            byte[] network = ipv4(address, text);
            return new ExitRule(accept, null, mask(network, prefix), prefix, ports[0], ports[1], normalized);
        }
        if (!NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("exit policy rule \"" + text + "\": \"" + host
                    + "\" is neither *, a host name nor an IPv4 address or network");
        }
        return new ExitRule(accept, host, null, 0, ports[0], ports[1], normalized);
    }

    boolean matchesPort(int port) {
        return port >= portLow && port <= portHigh;
    }

    /** Whether the rule's host part covers this request (name as asked, address as resolved). */
    boolean matchesHost(String name, InetAddress address) {
        if (hostName != null) {
            return hostName.equalsIgnoreCase(name);
        }
        if (network == null) {
            return true;
        }
        return address instanceof Inet4Address && java.util.Arrays.equals(mask(address.getAddress(), prefix), network);
    }

    /** Whether this rule names exactly one destination (a host name or a /32), not a range. */
    boolean explicit() {
        return hostName != null || network != null && prefix == 32;
    }

    boolean isNameRule() {
        return hostName != null;
    }

    boolean isAnyHost() {
        return hostName == null && network == null;
    }

    private static int[] ports(String spec, String text) {
        if (spec.equals("*")) {
            return new int[]{1, 65535};
        }
        String[] parts = spec.split("-", -1);
        try {
            int low = Integer.parseInt(parts[0]);
            int high = parts.length == 2 ? Integer.parseInt(parts[1]) : low;
            if (parts.length <= 2 && low >= 1 && high <= 65535 && low <= high) {
                return new int[]{low, high};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("exit policy rule \"" + text + "\": port \"" + spec
                + "\" is not *, a port 1..65535 or a range low-high");
    }

    private static byte[] ipv4(String dotted, String text) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                throw new IllegalArgumentException("exit policy rule \"" + text + "\": \"" + dotted
                        + "\" is not an IPv4 address");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = new byte[4];
        for (int i = 0; i < 4; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] = (byte) (address[i] & (0xff << (8 - bits)));
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExitRule other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
