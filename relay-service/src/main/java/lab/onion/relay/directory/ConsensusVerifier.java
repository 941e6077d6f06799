package lab.onion.relay.directory;

import lab.onion.directory.v1.Consensus;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.directory.v1.SignedConsensus;
import lab.onion.relay.crypto.Ed25519;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Checks a consensus against the pinned directory key and turns it into relays a client can use. */
public final class ConsensusVerifier {

    private static final Logger LOG = Logger.getLogger(ConsensusVerifier.class);

    private final byte[] directoryKey;

    public ConsensusVerifier(byte[] directoryKey) {
        if (directoryKey.length != 32) {
            throw new IllegalArgumentException("directory key of " + directoryKey.length + " bytes (expected: 32)");
        }
        this.directoryKey = directoryKey.clone();
    }

    /**
     * @throws ConsensusException when the signature does not verify with the pinned key
     */
    public VerifiedConsensus verify(SignedConsensus signed) throws ConsensusException {
        Consensus consensus = signed.getConsensus();
        byte[] bytes;
        try {
            bytes = SignedEncoding.consensusSigningBytes(consensus);
        } catch (IllegalArgumentException e) {
            throw new ConsensusException("consensus " + consensus.getVersion() + " cannot be encoded: " + e.getMessage());
        }
        if (!Ed25519.verify(directoryKey, bytes, signed.getSignature().toByteArray())) {
            throw new ConsensusException("consensus " + consensus.getVersion()
                    + " is not signed by the pinned directory key");
        }
        List<ConsensusRelay> relays = new ArrayList<>();
        for (RelayDescriptor d : consensus.getRelaysList()) {
            try {
                relays.add(toRelay(d));
            } catch (IllegalArgumentException e) {
                LOG.debugf("consensus %d: relay %s skipped: %s", consensus.getVersion(), d.getNickname(),
                        e.getMessage());
            }
        }
        return new VerifiedConsensus(consensus.getVersion(), consensus.getValidAfterUnixMs(),
                consensus.getFreshUntilUnixMs(), relays);
    }

    static ConsensusRelay toRelay(RelayDescriptor d) {
        if (!ConsensusRelay.isIpv4Literal(d.getAddress())) {
            throw new IllegalArgumentException("address " + d.getAddress() + " is not an IPv4 literal");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(d.getAddress()); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (d.getIdentityKey().size() != 32 || d.getOnionKey().size() != 32 || d.getLinkPort() < 1
                || d.getLinkPort() > 0xffff) {
            throw new IllegalArgumentException("malformed keys or port");
        }
        RelayInfo info = new RelayInfo(d.getNickname(), new InetSocketAddress(address, d.getLinkPort()),
                d.getIdentityKey().toByteArray(), d.getOnionKey().toByteArray());
        return new ConsensusRelay(info, d.getFlagsList().contains(RelayFlag.RELAY_FLAG_GUARD),
                d.getFlagsList().contains(RelayFlag.RELAY_FLAG_EXIT), d.getExitPolicyList(),
                ConsensusRelay.parsePolicy(d.getExitPolicyList()));
    }
}
