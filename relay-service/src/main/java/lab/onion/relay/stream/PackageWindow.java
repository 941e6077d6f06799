package lab.onion.relay.stream;

/**
 * How many more DATA cells the sender may package before a SENDME (tor-spec 7.3, 7.4): starts
 * at the window size, goes down by one per DATA cell sent, up by the increment per SENDME.
 */
public final class PackageWindow {

    private final int start;
    private final int increment;
    private int value;

    public PackageWindow(int start, int increment) {
        this.start = start;
        this.increment = increment;
        this.value = start;
    }

    public boolean canSend() {
        return value > 0;
    }

    /** Counts one DATA cell sent; the caller checked {@link #canSend()}. */
    public void sent() {
        if (value <= 0) {
            throw new IllegalStateException("package window is closed");
        }
        value--;
    }

    /**
     * Counts one SENDME received.
     *
     * @return false when the window would exceed its start: a SENDME that acknowledges cells
     *         never sent, a protocol violation
     */
    public boolean sendmeReceived() {
        if (value + increment > start) {
            return false;
        }
        value += increment;
        return true;
    }

    public int value() {
        return value;
    }

    public int increment() {
        return increment;
    }
}
