package lab.onion.relay.proxy;

/** The consensus has no usable path: no consensus yet, too few relays, or no exit allows the destination. */
public final class NoPathException extends Exception {

    private final boolean forbidden;

    public NoPathException(String message, boolean forbidden) {
        super(message, null, false, false);
        this.forbidden = forbidden;
    }

    /** Whether relays are there but no exit's policy accepts the destination. */
    public boolean forbidden() {
        return forbidden;
    }
}
