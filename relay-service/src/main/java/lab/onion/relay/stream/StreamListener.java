package lab.onion.relay.stream;

import lab.onion.relay.cell.EndReason;

/** What the user of a client stream hears, on the client's event loop. */
public interface StreamListener {

    /** Bytes from the destination, in order. */
    void onData(byte[] data);

    /** The stream ended (END from the exit, or the circuit went away: {@link EndReason#DESTROY}). */
    void onEnd(EndReason reason);
}
