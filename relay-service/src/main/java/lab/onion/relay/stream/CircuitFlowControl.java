package lab.onion.relay.stream;

import lab.onion.relay.cell.RelayMsg;

import java.security.MessageDigest;
import java.util.ArrayDeque;

/**
 * Circuit-level flow control at one end of a circuit (tor-spec 7.3) with authenticated SENDMEs
 * (version 1, proposal 289): the sender remembers the running digest of every 100th DATA cell
 * it sends; the receiver's SENDME must carry that digest, proving it saw the cells.
 */
public final class CircuitFlowControl {

    private final PackageWindow packageWindow = FlowControl.circuitPackageWindow();
    private final DeliverWindow deliverWindow = FlowControl.circuitDeliverWindow();
    private final ArrayDeque<byte[]> expectedDigests = new ArrayDeque<>();

    public boolean canSendData() {
        return packageWindow.canSend();
    }

    /**
     * Counts a DATA cell just sealed for sending.
     *
     * @param sealedDigest the running digest right after sealing it (asked only when needed)
     */
    public void dataSent(java.util.function.Supplier<byte[]> sealedDigest) {
        packageWindow.sent();
        if (packageWindow.value() % packageWindow.increment() == 0) {
            expectedDigests.add(sealedDigest.get());
        }
    }

    /**
     * Checks a circuit-level SENDME and opens the window by one increment.
     *
     * @return null when accepted, else what is wrong (the circuit must be closed)
     */
    public String sendmeReceived(RelayMsg.Sendme sendme) {
        if (sendme.version() != 1) {
            return "circuit SENDME version " + sendme.version() + " (at least 1 is required)";
        }
        byte[] expected = expectedDigests.poll();
        if (expected == null) {
            return "circuit SENDME for cells never sent";
        }
        if (!MessageDigest.isEqual(expected, sendme.digest())) {
            return "circuit SENDME digest does not match the cells sent";
        }
        if (!packageWindow.sendmeReceived()) {
            return "circuit SENDME opens the package window beyond " + FlowControl.CIRCUIT_WINDOW;
        }
        return null;
    }

    /**
     * Counts a DATA cell received for this end.
     *
     * @return false when the peer sent more than the window allowed
     */
    public boolean dataDelivered() {
        return deliverWindow.delivered();
    }

    /** Whether to send a SENDME now (right after the DATA cell that made it due). */
    public boolean sendmeDue() {
        return deliverWindow.sendmeDue();
    }

    public void sendmeSent() {
        deliverWindow.sendmeSent();
    }

    public int packageWindow() {
        return packageWindow.value();
    }

    public int deliverWindow() {
        return deliverWindow.value();
    }
}
