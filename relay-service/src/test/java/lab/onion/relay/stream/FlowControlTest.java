package lab.onion.relay.stream;

import lab.onion.relay.cell.RelayMsg;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SENDME windows of tor-spec 7.3 / 7.4 and authenticated circuit SENDMEs (proposal 289). */
class FlowControlTest {

    @Test
    void aCircuitSendsAThousandDataCellsThenWaitsForASendme() {
        CircuitFlowControl sender = new CircuitFlowControl();
        int sent = 0;
        while (sender.canSendData()) {
            int n = ++sent;
            sender.dataSent(() -> digest(n));
        }
        assertEquals(1000, sent);
        assertEquals(0, sender.packageWindow());
        assertNull(sender.sendmeReceived(RelayMsg.Sendme.authenticated(digest(100))));
        assertEquals(100, sender.packageWindow());
        assertNull(sender.sendmeReceived(RelayMsg.Sendme.authenticated(digest(200))));
    }

    @Test
    void theReceiverOwesASendmeAfterEveryHundredCells() {
        CircuitFlowControl receiver = new CircuitFlowControl();
        int sendmes = 0;
        for (int i = 1; i <= 1000; i++) {
            assertTrue(receiver.dataDelivered());
            if (receiver.sendmeDue()) {
                assertEquals(0, i % 100, "due right after cell " + i);
                receiver.sendmeSent();
                sendmes++;
            }
        }
        assertEquals(10, sendmes);
        assertEquals(1000, receiver.deliverWindow());
    }

    @Test
    void aSendmeMustCarryTheDigestOfTheHundredthCell() {
        CircuitFlowControl sender = new CircuitFlowControl();
        for (int i = 1; i <= 100; i++) {
            int n = i;
            sender.dataSent(() -> digest(n));
        }
        assertEquals("circuit SENDME digest does not match the cells sent",
                sender.sendmeReceived(RelayMsg.Sendme.authenticated(digest(99))));
        assertEquals("circuit SENDME for cells never sent",
                new CircuitFlowControl().sendmeReceived(RelayMsg.Sendme.authenticated(digest(1))));
        assertEquals("circuit SENDME version 0 (at least 1 is required)",
                new CircuitFlowControl().sendmeReceived(RelayMsg.Sendme.empty()));
    }

    @Test
    void theSenderIgnoringTheWindowIsAViolation() {
        CircuitFlowControl receiver = new CircuitFlowControl();
        for (int i = 0; i < 1000; i++) {
            assertTrue(receiver.dataDelivered());
        }
        assertFalse(receiver.dataDelivered());
    }

    @Test
    void streamWindowsAreFiveHundredInStepsOfFifty() {
        PackageWindow window = FlowControl.streamPackageWindow();
        for (int i = 0; i < 500; i++) {
            assertTrue(window.canSend());
            window.sent();
        }
        assertFalse(window.canSend());
        assertTrue(window.sendmeReceived());
        assertEquals(50, window.value());
        PackageWindow fresh = FlowControl.streamPackageWindow();
        assertFalse(fresh.sendmeReceived(), "a SENDME for nothing sent");

        DeliverWindow deliver = FlowControl.streamDeliverWindow();
        for (int i = 1; i <= 49; i++) {
            deliver.delivered();
            assertFalse(deliver.sendmeDue());
        }
        deliver.delivered();
        assertTrue(deliver.sendmeDue()); // at 450
    }

    private static byte[] digest(int n) {
        byte[] digest = new byte[20];
        Arrays.fill(digest, (byte) n);
        return digest;
    }
}
