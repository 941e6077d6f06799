package lab.onion.relay.circuit;

/**
 * Where circuit builds spend their time, reported as they happen (RelayNode sends them to
 * Micrometer, so they show in {@code /q/metrics}). Called on the node's event loop; an
 * implementation must be quick and must not block. Every method is optional.
 */
public interface BuildTimes {

    BuildTimes NONE = new BuildTimes() {
    };

    /** Relay: a CREATE2 answered, from its arrival to its CREATED2 queued (the relay's ntor work). */
    default void create2Answered(long nanos) {
    }

    /**
     * Client: hop {@code hop} (1 = guard) extended, from its onion skin queued to its reply
     * checked: the crossings to that hop and back, its relay's work, and the client's.
     */
    default void hopCompleted(int hop, long nanos) {
    }

    /** Client: a whole build, from asking for the guard's link to the last hop's reply checked. */
    default void circuitBuilt(long nanos) {
    }
}
