package lab.onion.directory.grpc;

import com.google.protobuf.ByteString;
import lab.onion.directory.consensus.Consensus;
import lab.onion.directory.consensus.SignedConsensus;
import lab.onion.directory.descriptor.DescriptorValidator;
import lab.onion.directory.descriptor.RelayDescriptor;
import lab.onion.directory.descriptor.RelayFlag;
import lab.onion.directory.v1.HeartbeatRequest;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Between the generated protobuf messages and the service's records; the only place that knows both. */
public final class ProtoMapping {

    private ProtoMapping() {
    }

    /** The record of a descriptor message; a MALFORMED refusal for flags that are not flags. */
    public static RelayDescriptor descriptor(lab.onion.directory.v1.RelayDescriptor p) {
        Set<RelayFlag> flags = EnumSet.noneOf(RelayFlag.class);
        for (int value : p.getFlagsValueList()) {
            RelayFlag flag = switch (value) {
                case lab.onion.directory.v1.RelayFlag.RELAY_FLAG_GUARD_VALUE -> RelayFlag.GUARD;
                case lab.onion.directory.v1.RelayFlag.RELAY_FLAG_EXIT_VALUE -> RelayFlag.EXIT;
                default -> throw DescriptorValidator.malformed("flag value " + value + " is not a flag (1 Guard, 2 Exit)");
            };
            if (!flags.add(flag)) {
                throw DescriptorValidator.malformed("flag " + flag.label() + " is listed twice");
            }
        }
        long port = Integer.toUnsignedLong(p.getLinkPort());
        return new RelayDescriptor(p.getNickname(), p.getAddress(), (int) Math.min(port, Integer.MAX_VALUE),
                p.getIdentityKey().toByteArray(), p.getOnionKey().toByteArray(), flags, p.getExitPolicyList(),
                p.getPublishedUnixMs());
    }

    public static lab.onion.directory.descriptor.Heartbeat heartbeat(HeartbeatRequest p) {
        return new lab.onion.directory.descriptor.Heartbeat(p.getIdentityKey().toByteArray(), p.getSentUnixMs(),
                p.getSignature().toByteArray());
    }

    public static lab.onion.directory.v1.RelayDescriptor descriptor(RelayDescriptor d) {
        lab.onion.directory.v1.RelayDescriptor.Builder b = lab.onion.directory.v1.RelayDescriptor.newBuilder()
                .setNickname(d.nickname())
                .setAddress(d.address())
                .setLinkPort(d.linkPort())
                .setIdentityKey(ByteString.copyFrom(d.identityKey()))
                .setOnionKey(ByteString.copyFrom(d.onionKey()))
                .addAllExitPolicy(d.exitPolicy())
                .setPublishedUnixMs(d.publishedUnixMs());
        if (d.has(RelayFlag.GUARD)) {
            b.addFlags(lab.onion.directory.v1.RelayFlag.RELAY_FLAG_GUARD);
        }
        if (d.has(RelayFlag.EXIT)) {
            b.addFlags(lab.onion.directory.v1.RelayFlag.RELAY_FLAG_EXIT);
        }
        return b.build();
    }

    public static lab.onion.directory.v1.SignedConsensus signedConsensus(SignedConsensus signed) {
        Consensus c = signed.consensus();
        return lab.onion.directory.v1.SignedConsensus.newBuilder()
                .setConsensus(lab.onion.directory.v1.Consensus.newBuilder()
                        .setVersion(c.version())
                        .setValidAfterUnixMs(c.validAfterUnixMs())
                        .setFreshUntilUnixMs(c.freshUntilUnixMs())
                        .addAllRelays(c.relays().stream().map(ProtoMapping::descriptor).toList()))
                .setSignature(ByteString.copyFrom(signed.signature()))
                .build();
    }

    /** The records of a received consensus message, ready for a {@code ConsensusVerifier}. */
    public static SignedConsensus signedConsensus(lab.onion.directory.v1.SignedConsensus p) {
        lab.onion.directory.v1.Consensus c = p.getConsensus();
        List<RelayDescriptor> relays = c.getRelaysList().stream().map(ProtoMapping::descriptor).toList();
        return new SignedConsensus(new Consensus(c.getVersion(), c.getValidAfterUnixMs(), c.getFreshUntilUnixMs(), relays),
                p.getSignature().toByteArray());
    }
}
