package lab.onion.relay.cell;

/**
 * A cell or relay message that does not follow tor-spec. The message says exactly what is wrong
 * ("relay message length 600 exceeds 498"); there is no stack trace to fill in, since the
 * reader of a protocol error needs the bytes' story, not the decoder's call path.
 */
public final class CellFormatException extends RuntimeException {

    public CellFormatException(String message) {
        super(message, null, false, false);
    }
}
