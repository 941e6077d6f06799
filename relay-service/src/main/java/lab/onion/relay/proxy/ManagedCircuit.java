package lab.onion.relay.proxy;

import lab.onion.relay.circuit.OriginCircuit;
import lab.onion.relay.directory.ConsensusRelay;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A circuit as the proxy manages it: its path, the isolation key it serves (null until a first
 * stream claims it), its age, and its traffic. Mutated on the client's loop only.
 */
final class ManagedCircuit {

    final int id;
    final List<ConsensusRelay> path;
    final long consensusVersion;
    final long createdNanos;
    final CompletableFuture<OriginCircuit> built;
    String isolationKey;
    OriginCircuit circuit;
    /** From the first CREATE2 to the last hop's EXTENDED2, in nanoseconds; -1 until built. */
    long buildNanos = -1;
    boolean dead;
    int streamsOpen;
    int streamsTotal;
    long bytesSent;
    long bytesReceived;

    ManagedCircuit(int id, List<ConsensusRelay> path, long consensusVersion, String isolationKey,
                   CompletableFuture<OriginCircuit> built) {
        this.id = id;
        this.path = path;
        this.consensusVersion = consensusVersion;
        this.isolationKey = isolationKey;
        this.createdNanos = System.nanoTime();
        this.built = built;
    }

    ConsensusRelay exit() {
        return path.get(path.size() - 1);
    }

    boolean allowsExitTo(String host, int port) {
        return exit().allowsExitTo(host, port);
    }

    List<String> nicknames() {
        return path.stream().map(ConsensusRelay::nickname).toList();
    }
}
