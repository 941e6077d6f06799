package lab.onion.directory.consensus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import lab.onion.directory.descriptor.RelayDescriptor;
import lab.onion.directory.descriptor.RelayFlag;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The consensus as JSON ({@code GET /consensus}): the signed fields, keys and signature in base64
 * (RFC 4648, padded), flags by name. {@code fingerprint} is derived from the identity key and not
 * part of the signed bytes; everything else is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsensusDocument(
        long version,
        long validAfterUnixMs,
        long freshUntilUnixMs,
        List<RelayDocument> relays,
        String signature) {

    /** One relay of the consensus. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RelayDocument(
            String nickname,
            String address,
            int linkPort,
            String identityKey,
            String onionKey,
            List<String> flags,
            List<String> exitPolicy,
            long publishedUnixMs,
            String fingerprint) {

        static RelayDocument of(RelayDescriptor d) {
            List<String> flags = new ArrayList<>();
            for (RelayFlag flag : RelayFlag.values()) {
                if (d.has(flag)) {
                    flags.add(flag.label());
                }
            }
            Base64.Encoder b64 = Base64.getEncoder();
            return new RelayDocument(d.nickname(), d.address(), d.linkPort(), b64.encodeToString(d.identityKey()),
                    b64.encodeToString(d.onionKey()), flags, d.exitPolicy(), d.publishedUnixMs(), d.fingerprint());
        }

        /** The descriptor; {@link IllegalArgumentException} for bad base64 or an unknown flag. */
        RelayDescriptor toDescriptor() {
            Set<RelayFlag> parsed = EnumSet.noneOf(RelayFlag.class);
            for (String label : flags == null ? List.<String>of() : flags) {
                RelayFlag flag = RelayFlag.ofLabel(label);
                if (flag == null || !parsed.add(flag)) {
                    throw new IllegalArgumentException("relay " + nickname + ": unknown or repeated flag '" + label + "'");
                }
            }
            return new RelayDescriptor(nickname, address, linkPort, base64(identityKey, "identityKey"),
                    base64(onionKey, "onionKey"), parsed, exitPolicy == null ? List.of() : exitPolicy, publishedUnixMs);
        }
    }

    public static ConsensusDocument of(SignedConsensus signed) {
        Consensus c = signed.consensus();
        return new ConsensusDocument(c.version(), c.validAfterUnixMs(), c.freshUntilUnixMs(),
                c.relays().stream().map(RelayDocument::of).toList(),
                Base64.getEncoder().encodeToString(signed.signature()));
    }

    /** The records this document stands for; {@link IllegalArgumentException} when it is malformed. */
    public SignedConsensus toSigned() {
        List<RelayDescriptor> descriptors = new ArrayList<>();
        for (RelayDocument relay : relays == null ? List.<RelayDocument>of() : relays) {
            descriptors.add(relay.toDescriptor());
        }
        return new SignedConsensus(new Consensus(version, validAfterUnixMs, freshUntilUnixMs, descriptors),
                base64(signature, "signature"));
    }

    private static byte[] base64(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64: " + e.getMessage());
        }
    }
}
