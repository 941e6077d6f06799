package lab.onion.relay.cell;

/** Relay command numbers (tor-spec 6.1, "Relay cells"). */
public final class RelayCommand {

    public static final int BEGIN = 1;
    public static final int DATA = 2;
    public static final int END = 3;
    public static final int CONNECTED = 4;
    public static final int SENDME = 5;
    public static final int EXTEND = 6;
    public static final int EXTENDED = 7;
    public static final int TRUNCATE = 8;
    public static final int TRUNCATED = 9;
    public static final int DROP = 10;
    public static final int RESOLVE = 11;
    public static final int RESOLVED = 12;
    public static final int BEGIN_DIR = 13;
    public static final int EXTEND2 = 14;
    public static final int EXTENDED2 = 15;

    private RelayCommand() {
    }

    public static String name(int command) {
        return switch (command) {
            case BEGIN -> "BEGIN";
            case DATA -> "DATA";
            case END -> "END";
            case CONNECTED -> "CONNECTED";
            case SENDME -> "SENDME";
            case EXTEND -> "EXTEND";
            case EXTENDED -> "EXTENDED";
            case TRUNCATE -> "TRUNCATE";
            case TRUNCATED -> "TRUNCATED";
            case DROP -> "DROP";
            case RESOLVE -> "RESOLVE";
            case RESOLVED -> "RESOLVED";
            case BEGIN_DIR -> "BEGIN_DIR";
            case EXTEND2 -> "EXTEND2";
            case EXTENDED2 -> "EXTENDED2";
            default -> "UNKNOWN";
        };
    }

    /**
     * Messages about the whole circuit ("[control]" in tor-spec 6.1) must have stream ID 0;
     * stream messages must not. SENDME is either, by its stream ID.
     */
    static StreamIdRule streamIdRule(int command) {
        return switch (command) {
            case BEGIN, DATA, END, CONNECTED, RESOLVE, RESOLVED, BEGIN_DIR -> StreamIdRule.NONZERO;
            case EXTEND, EXTENDED, TRUNCATE, TRUNCATED, DROP, EXTEND2, EXTENDED2 -> StreamIdRule.ZERO;
            default -> StreamIdRule.ANY;
        };
    }

    enum StreamIdRule { ZERO, NONZERO, ANY }
}
