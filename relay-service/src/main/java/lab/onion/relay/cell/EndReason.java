package lab.onion.relay.cell;

/**
 * The reason byte of a RELAY_END message (tor-spec 6.3, "Closing streams"). Unknown codes are
 * kept: "OPs and ORs MUST accept reasons not on the above list".
 */
public record EndReason(int code) {

    public static final EndReason MISC = new EndReason(1);
    public static final EndReason RESOLVEFAILED = new EndReason(2);
    public static final EndReason CONNECTREFUSED = new EndReason(3);
    public static final EndReason EXITPOLICY = new EndReason(4);
    public static final EndReason DESTROY = new EndReason(5);
    public static final EndReason DONE = new EndReason(6);
    public static final EndReason TIMEOUT = new EndReason(7);
    public static final EndReason NOROUTE = new EndReason(8);
    public static final EndReason HIBERNATING = new EndReason(9);
    public static final EndReason INTERNAL = new EndReason(10);
    public static final EndReason RESOURCELIMIT = new EndReason(11);
    public static final EndReason CONNRESET = new EndReason(12);
    public static final EndReason TORPROTOCOL = new EndReason(13);
    public static final EndReason NOTDIRECTORY = new EndReason(14);

    private static final String[] NAMES = {"UNKNOWN", "MISC", "RESOLVEFAILED", "CONNECTREFUSED", "EXITPOLICY",
            "DESTROY", "DONE", "TIMEOUT", "NOROUTE", "HIBERNATING", "INTERNAL", "RESOURCELIMIT", "CONNRESET",
            "TORPROTOCOL", "NOTDIRECTORY"};

    public EndReason {
        if (code < 0 || code > 0xff) {
            throw new IllegalArgumentException("end reason " + code + " is not one byte");
        }
    }

    public String name() {
        return code < NAMES.length ? NAMES[code] : "UNKNOWN";
    }

    @Override
    public String toString() {
        return name() + "(" + code + ")";
    }
}
