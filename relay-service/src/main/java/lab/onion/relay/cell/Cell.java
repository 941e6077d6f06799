package lab.onion.relay.cell;

/**
 * One fixed-size cell on a link (tor-spec 3, link protocol 4 and later):
 * {@code CircID (4) | Command (1) | Payload (509)}, 514 bytes on the wire.
 *
 * @param circId the circuit on this link, an unsigned 32-bit value (0: the link itself)
 * @param msg    what the cell carries; its {@link ChanMsg#command()} is the command byte
 */
public record Cell(int circId, ChanMsg msg) {

    public static final int CIRC_ID_LEN = 4;
    public static final int PAYLOAD_LEN = 509;
    public static final int CELL_LEN = CIRC_ID_LEN + 1 + PAYLOAD_LEN;

    public Cell {
        if (msg == null) {
            throw new IllegalArgumentException("a cell needs a message");
        }
    }

    public int command() {
        return msg.command();
    }

    @Override
    public String toString() {
        return "Cell[circ " + Hex.circId(circId) + " " + msg + "]";
    }
}
