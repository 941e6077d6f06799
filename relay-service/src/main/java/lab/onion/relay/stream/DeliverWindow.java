package lab.onion.relay.stream;

/**
 * How many more DATA cells the receiver accepts before it must have sent a SENDME (tor-spec
 * 7.3, 7.4): down by one per DATA cell delivered; a SENDME is due once it is a full increment
 * below its start (circuit: 900 of 1000; stream: 450 of 500).
 */
public final class DeliverWindow {

    private final int start;
    private final int increment;
    private int value;

    public DeliverWindow(int start, int increment) {
        this.start = start;
        this.increment = increment;
        this.value = start;
    }

    /**
     * Counts one DATA cell delivered.
     *
     * @return false when the window went below zero: the sender ignored flow control
     */
    public boolean delivered() {
        value--;
        return value >= 0;
    }

    public boolean sendmeDue() {
        return value <= start - increment;
    }

    public void sendmeSent() {
        value += increment;
    }

    public int value() {
        return value;
    }
}
