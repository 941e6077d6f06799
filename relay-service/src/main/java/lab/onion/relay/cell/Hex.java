package lab.onion.relay.cell;

import java.util.HexFormat;

/** Lower-case hex for logs, messages and test vectors. */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] parse(String hex) {
        return HEX.parseHex(hex.replaceAll("\\s", ""));
    }

    /** A circuit ID as tor logs it: unsigned, in hex ({@code 0x80000001}). */
    public static String circId(int circId) {
        return "0x" + Integer.toHexString(circId);
    }
}
