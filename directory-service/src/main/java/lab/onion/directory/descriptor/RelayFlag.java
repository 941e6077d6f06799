package lab.onion.directory.descriptor;

import java.util.Set;

/** What a relay offers, as it declares it in its descriptor; each is one bit of the signed encoding. */
public enum RelayFlag {
    /** Fit to be the first hop of a circuit. */
    GUARD("Guard", 0x01),
    /** Connects out to the destinations its exit policy allows. */
    EXIT("Exit", 0x02);

    private final String label;
    private final int bit;

    RelayFlag(String label, int bit) {
        this.label = label;
        this.bit = bit;
    }

    /** The name in JSON and logs, spelled as Tor spells its flags. */
    public String label() {
        return label;
    }

    public int bit() {
        return bit;
    }

    public static int bits(Set<RelayFlag> flags) {
        int bits = 0;
        for (RelayFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    /** The flag with this JSON name, or null. */
    public static RelayFlag ofLabel(String label) {
        for (RelayFlag flag : values()) {
            if (flag.label.equals(label)) {
                return flag;
            }
        }
        return null;
    }
}
