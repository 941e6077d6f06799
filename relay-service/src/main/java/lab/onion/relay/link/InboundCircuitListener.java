package lab.onion.relay.link;

import lab.onion.relay.cell.ChanMsg;

/** Who answers a CREATE2 for a new circuit ID: the relay role. A client answers none. */
public interface InboundCircuitListener {

    void onCreate2(Link link, int circId, ChanMsg.Create2 create2);
}
