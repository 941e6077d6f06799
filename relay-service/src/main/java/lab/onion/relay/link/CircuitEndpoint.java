package lab.onion.relay.link;

import lab.onion.relay.cell.Cell;

/** What a link delivers a circuit's cells to: one side of a relay circuit, or a client circuit. */
public interface CircuitEndpoint {

    /** A cell for this circuit arrived on the link. */
    void onCell(Cell cell);

    /** A cell for this circuit could be framed but broke tor-spec. */
    void onProtocolViolation(String reason);

    /** The link closed; the circuit cannot use it any more. */
    void onLinkClosed();
}
