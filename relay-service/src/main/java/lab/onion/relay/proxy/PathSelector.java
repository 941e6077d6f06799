package lab.onion.relay.proxy;

import lab.onion.relay.directory.ConsensusRelay;
import lab.onion.relay.directory.VerifiedConsensus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Chooses a three-hop path from a verified consensus as Tor does, in this order: the exit
 * (Exit flag, and a policy that accepts the destination when there is one), then a guard
 * (Guard flag), then a middle; never one relay twice.
 */
public final class PathSelector {

    private final Random random;

    public PathSelector(Random random) {
        this.random = random;
    }

    /**
     * @param host null for a circuit to any exit (a preemptive one)
     */
    public List<ConsensusRelay> select(VerifiedConsensus consensus, String host, int port) throws NoPathException {
        return select(consensus, host, port, exit -> false);
    }

    /**
     * As {@link #select(VerifiedConsensus, String, int)}, leaving out the exits {@code refused}
     * names: those that already answered this destination with END EXITPOLICY although their
     * published policy accepts it (Tor then tries another exit, and so does this proxy).
     */
    public List<ConsensusRelay> select(VerifiedConsensus consensus, String host, int port,
                                       Predicate<ConsensusRelay> refused) throws NoPathException {
        if (consensus == null) {
            throw new NoPathException("no verified consensus yet", false);
        }
        List<ConsensusRelay> relays = consensus.relays();
        List<ConsensusRelay> exits = relays.stream()
                .filter(r -> host == null ? r.exit() : r.allowsExitTo(host, port) && !refused.test(r)).toList();
        if (exits.isEmpty()) {
            boolean anyExit = relays.stream().anyMatch(ConsensusRelay::exit);
            throw new NoPathException(host == null ? "no exit in consensus " + consensus.version()
                    : "no exit in consensus " + consensus.version() + " accepts " + host + ":" + port, anyExit);
        }
        for (ConsensusRelay exit : shuffled(exits)) {
            List<ConsensusRelay> guards = relays.stream().filter(r -> r.guard() && !same(r, exit)).toList();
            for (ConsensusRelay guard : shuffled(guards)) {
                List<ConsensusRelay> middles = relays.stream()
                        .filter(r -> !same(r, exit) && !same(r, guard)).toList();
                if (!middles.isEmpty()) {
                    return List.of(guard, middles.get(random.nextInt(middles.size())), exit);
                }
            }
        }
        throw new NoPathException("consensus " + consensus.version() + " has " + relays.size()
                + " relays: not enough for a guard, a middle and an exit, all different", false);
    }

    private List<ConsensusRelay> shuffled(List<ConsensusRelay> relays) {
        List<ConsensusRelay> copy = new ArrayList<>(relays);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    static boolean same(ConsensusRelay a, ConsensusRelay b) {
        return Arrays.equals(a.info().identityKey(), b.info().identityKey());
    }
}
