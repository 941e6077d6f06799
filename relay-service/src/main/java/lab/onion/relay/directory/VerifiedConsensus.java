package lab.onion.relay.directory;

import java.util.List;

/** A consensus whose signature verified with the pinned directory key. */
public record VerifiedConsensus(long version, long validAfterUnixMs, long freshUntilUnixMs,
                                List<ConsensusRelay> relays) {

    public VerifiedConsensus {
        relays = List.copyOf(relays);
    }
}
