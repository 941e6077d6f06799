package lab.onion.relay.cell;

/**
 * Cell command numbers (tor-spec 3, "Cell Packet format"). The lab's links carry the five
 * commands of ARCHITECTURE.md; the others are named only so that an error can say what arrived.
 */
public final class CellCommand {

    public static final int PADDING = 0;
    public static final int RELAY = 3;
    public static final int DESTROY = 4;
    public static final int CREATE2 = 10;
    public static final int CREATED2 = 11;

    /** In link protocol 3 and later, VERSIONS and every command from 128 up have a length field. */
    public static final int VERSIONS = 7;

    private CellCommand() {
    }

    /** Whether tor-spec gives this command a variable-length cell (which lab links do not carry). */
    public static boolean isVariableLength(int command) {
        return command == VERSIONS || command >= 128;
    }

    public static String name(int command) {
        return switch (command) {
            case 0 -> "PADDING";
            case 1 -> "CREATE";
            case 2 -> "CREATED";
            case 3 -> "RELAY";
            case 4 -> "DESTROY";
            case 5 -> "CREATE_FAST";
            case 6 -> "CREATED_FAST";
            case 7 -> "VERSIONS";
            case 8 -> "NETINFO";
            case 9 -> "RELAY_EARLY";
            case 10 -> "CREATE2";
            case 11 -> "CREATED2";
            case 12 -> "PADDING_NEGOTIATE";
            case 128 -> "VPADDING";
            case 129 -> "CERTS";
            case 130 -> "AUTH_CHALLENGE";
            case 131 -> "AUTHENTICATE";
            case 132 -> "AUTHORIZE";
            default -> "UNKNOWN";
        };
    }

    public static String describe(int command) {
        return command + " (" + name(command) + ")";
    }
}
