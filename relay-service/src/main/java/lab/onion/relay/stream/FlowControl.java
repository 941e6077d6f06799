package lab.onion.relay.stream;

/** The window sizes of tor-spec 7.3 and 7.4 (without consensus parameters). */
public final class FlowControl {

    public static final int CIRCUIT_WINDOW = 1000;
    public static final int CIRCUIT_INCREMENT = 100;
    public static final int STREAM_WINDOW = 500;
    public static final int STREAM_INCREMENT = 50;

    private FlowControl() {
    }

    public static PackageWindow circuitPackageWindow() {
        return new PackageWindow(CIRCUIT_WINDOW, CIRCUIT_INCREMENT);
    }

    public static DeliverWindow circuitDeliverWindow() {
        return new DeliverWindow(CIRCUIT_WINDOW, CIRCUIT_INCREMENT);
    }

    public static PackageWindow streamPackageWindow() {
        return new PackageWindow(STREAM_WINDOW, STREAM_INCREMENT);
    }

    public static DeliverWindow streamDeliverWindow() {
        return new DeliverWindow(STREAM_WINDOW, STREAM_INCREMENT);
    }
}
