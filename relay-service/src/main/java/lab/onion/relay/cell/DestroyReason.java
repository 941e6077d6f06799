package lab.onion.relay.cell;

/**
 * The one-byte reason of a DESTROY cell and of a TRUNCATED relay message (tor-spec 5.4,
 * "Tearing down circuits"). Unknown codes are kept, not rejected: a peer may know more reasons.
 */
public record DestroyReason(int code) {

    public static final DestroyReason NONE = new DestroyReason(0);
    public static final DestroyReason PROTOCOL = new DestroyReason(1);
    public static final DestroyReason INTERNAL = new DestroyReason(2);
    public static final DestroyReason REQUESTED = new DestroyReason(3);
    public static final DestroyReason HIBERNATING = new DestroyReason(4);
    public static final DestroyReason RESOURCELIMIT = new DestroyReason(5);
    public static final DestroyReason CONNECTFAILED = new DestroyReason(6);
    public static final DestroyReason OR_IDENTITY = new DestroyReason(7);
    public static final DestroyReason CHANNEL_CLOSED = new DestroyReason(8);
    public static final DestroyReason FINISHED = new DestroyReason(9);
    public static final DestroyReason TIMEOUT = new DestroyReason(10);
    public static final DestroyReason DESTROYED = new DestroyReason(11);
    public static final DestroyReason NOSUCHSERVICE = new DestroyReason(12);

    private static final String[] NAMES = {"NONE", "PROTOCOL", "INTERNAL", "REQUESTED", "HIBERNATING",
            "RESOURCELIMIT", "CONNECTFAILED", "OR_IDENTITY", "CHANNEL_CLOSED", "FINISHED", "TIMEOUT",
            "DESTROYED", "NOSUCHSERVICE"};

    public DestroyReason {
        if (code < 0 || code > 0xff) {
            throw new IllegalArgumentException("destroy reason " + code + " is not one byte");
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
