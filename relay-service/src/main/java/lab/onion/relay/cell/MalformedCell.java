package lab.onion.relay.cell;

/**
 * What the decoder hands on instead of a cell it could frame but not understand: a value with a
 * precise reason, so that the link can answer in proportion (DESTROY that circuit with reason
 * PROTOCOL, or close the link when the byte stream itself cannot be trusted any more).
 *
 * @param circId  the circuit the cell named
 * @param command the command byte
 * @param reason  what is wrong, e.g. "CREATE2 handshake length 506 exceeds 505"
 * @param fatal   whether the link's framing is lost (nothing after this can be read)
 */
public record MalformedCell(int circId, int command, String reason, boolean fatal) {

    @Override
    public String toString() {
        return "MalformedCell[circ " + Hex.circId(circId) + " command " + CellCommand.describe(command) + ": "
                + reason + (fatal ? ", link unusable" : "") + "]";
    }
}
