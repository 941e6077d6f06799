package lab.onion.relay.directory;

/** A consensus this client refuses (bad signature, unencodable fields); the last good one stays. */
public final class ConsensusException extends Exception {

    public ConsensusException(String message) {
        super(message, null, false, false);
    }
}
