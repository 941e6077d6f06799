package lab.onion.relay.stream;

import lab.onion.relay.cell.RelayMsg;

/**
 * The circuit end a stream lives on: at the exit relay the relay circuit, at the client the
 * origin circuit. It seals and sends the stream's messages and counts DATA cells against the
 * circuit window.
 */
public interface StreamHost {

    /** Whether the circuit's package window lets another DATA cell go. */
    boolean canSendData();

    /** Sends a message on a stream (DATA is counted against the circuit window). */
    void sendStreamMsg(int streamId, RelayMsg msg);

    /** The stream is gone (ended by either side); forget it. */
    void streamClosed(int streamId);
}
