package lab.onion.load.push;

/**
 * Reads the few fields the generator needs from a frame without a JSON parser: the frames come by the hundred
 * thousand per second and the generator shares the CPU with the gateway it measures. Only for flat numbers and
 * strings without escapes, as the generator's own message body and the gateway's frame envelope are.
 */
final class Fields {

    static final long MISSING = Long.MIN_VALUE;

    private Fields() {
    }

    /** The number after {@code "key":}, or {@link #MISSING}. */
    static long number(String json, String key) {
        int at = valueStart(json, key);
        if (at < 0) {
            return MISSING;
        }
        boolean negative = at < json.length() && json.charAt(at) == '-';
        int i = negative ? at + 1 : at;
        long value = 0;
        int digits = 0;
        for (; i < json.length(); i++, digits++) {
            char c = json.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return digits == 0 ? MISSING : negative ? -value : value;
    }

    /** The string after {@code "key":"}, or {@code null}. */
    static String string(String json, String key) {
        int at = valueStart(json, key);
        if (at < 0 || at >= json.length() || json.charAt(at) != '"') {
            return null;
        }
        int end = json.indexOf('"', at + 1);
        return end < 0 ? null : json.substring(at + 1, end);
    }

    private static int valueStart(String json, String key) {
        int at = json.indexOf("\"" + key + "\"");
        if (at < 0) {
            return -1;
        }
        int i = at + key.length() + 2;
        while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) {
            i++;
        }
        return i;
    }
}
