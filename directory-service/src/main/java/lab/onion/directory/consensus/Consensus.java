package lab.onion.directory.consensus;

import lab.onion.directory.descriptor.CanonicalWriter;
import lab.onion.directory.descriptor.RelayDescriptor;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The running relays at one moment, as the directory signs them. */
public record Consensus(long version, long validAfterUnixMs, long freshUntilUnixMs, List<RelayDescriptor> relays) {

    /** Domain separation tag of consensus-signing-bytes. */
    public static final String SIGNING_TAG = "onionlab-consensus-v1";

    /** The order of relays in a consensus: identity keys as unsigned bytes, ascending. */
    public static final Comparator<RelayDescriptor> ORDER =
            (a, b) -> Arrays.compareUnsigned(a.identityKey(), b.identityKey());

    public Consensus {
        relays = List.copyOf(relays);
    }

    /**
     * consensus-signing-bytes: the tag, u64 version, u64 valid-after, u64 fresh-until, u32 number
     * of relays, then each relay-entry in list order.
     */
    public byte[] signingBytes() {
        CanonicalWriter out = new CanonicalWriter()
                .text(SIGNING_TAG)
                .u64(version)
                .u64(validAfterUnixMs)
                .u64(freshUntilUnixMs)
                .u32(relays.size());
        for (RelayDescriptor relay : relays) {
            relay.writeEntry(out);
        }
        return out.toByteArray();
    }
}
