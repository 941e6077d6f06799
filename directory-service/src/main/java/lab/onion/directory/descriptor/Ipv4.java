package lab.onion.directory.descriptor;

/**
 * IPv4 literals in the one spelling the lab accepts: four decimal numbers 0..255 joined by dots,
 * without leading zeros ({@code 10.0.0.1}, not {@code 010.0.0.1}), so that an address has exactly
 * one text form and the signed encoding one byte string.
 */
public final class Ipv4 {

    private Ipv4() {
    }

    /** The address as an unsigned 32-bit value, or -1 when {@code text} is not a dotted quad. */
    public static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long value = 0;
        int octets = 0;
        int start = 0;
        while (start <= text.length()) {
            int dot = text.indexOf('.', start);
            int end = dot < 0 ? text.length() : dot;
            int octet = octet(text, start, end);
            if (octet < 0) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return octets == 4 ? value : -1;
    }

    /**
     * Why {@code text} cannot be a relay's address, or null when it can: it must be a dotted quad
     * and a unicast address (loopback is allowed: relays on one machine use it).
     */
    public static String relayAddressProblem(String text) {
        long value = parse(text);
        if (value < 0) {
            return "address '" + text + "' is not an IPv4 literal (dotted quad, e.g. 10.0.0.5)";
        }
        int first = (int) (value >>> 24);
        if (first == 0) {
            return "address " + text + " is in 0.0.0.0/8 (\"this network\"), not reachable";
        }
        if (first >= 224) {
            return "address " + text + " is multicast, reserved or broadcast, not a relay's address";
        }
        return null;
    }

    public static String format(long value) {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    private static int octet(String text, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }
}
