package lab.onion.directory.descriptor;

import lab.onion.directory.crypto.Fingerprint;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a relay says about itself, and one entry of the consensus. Keys are raw 32-byte strings
 * (treat the arrays as read-only). {@link #signingBytes()} is what the relay signs.
 */
public record RelayDescriptor(
        String nickname,
        String address,
        int linkPort,
        byte[] identityKey,
        byte[] onionKey,
        Set<RelayFlag> flags,
        List<String> exitPolicy,
        long publishedUnixMs) {

    /** Domain separation tag of descriptor-signing-bytes. */
    public static final String SIGNING_TAG = "onionlab-relay-descriptor-v1";

    public RelayDescriptor {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(RelayFlag.class) : EnumSet.copyOf(flags));
        exitPolicy = List.copyOf(exitPolicy);
    }

    /** descriptor-signing-bytes: the tag, then {@link #writeEntry relay-entry}. */
    public byte[] signingBytes() {
        CanonicalWriter out = new CanonicalWriter().text(SIGNING_TAG);
        writeEntry(out);
        return out.toByteArray();
    }

    /** relay-entry, as in the descriptor and in each consensus entry. */
    public void writeEntry(CanonicalWriter out) {
        out.text(nickname)
                .text(address)
                .u16(linkPort)
                .key(identityKey)
                .key(onionKey)
                .u8(RelayFlag.bits(flags))
                .u16(exitPolicy.size());
        for (String rule : exitPolicy) {
            out.text(rule);
        }
        out.u64(publishedUnixMs);
    }

    public boolean has(RelayFlag flag) {
        return flags.contains(flag);
    }

    /** Hex SHA-1 of the identity key. */
    public String fingerprint() {
        return Fingerprint.of(identityKey);
    }

    /** {@code Guard,Exit}, or {@code -} for none: for log lines. */
    public String flagLabels() {
        return flags.isEmpty() ? "-" : flags.stream().map(RelayFlag::label).collect(Collectors.joining(","));
    }
}
