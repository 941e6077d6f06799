package lab.onion.relay.stream;

import lab.onion.relay.cell.EndReason;

/** The exit answered BEGIN with END (or the circuit died first). */
public final class StreamRefusedException extends Exception {

    private final EndReason reason;

    public StreamRefusedException(String target, EndReason reason) {
        super("stream to " + target + " refused: END " + reason, null, false, false);
        this.reason = reason;
    }

    public EndReason reason() {
        return reason;
    }
}
