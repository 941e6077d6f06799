package lab.onion.relay.circuit;

/** A circuit could not be built, or died; the message says at which hop and why. */
public final class CircuitFailedException extends Exception {

    public CircuitFailedException(String message) {
        super(message, null, false, false);
    }
}
