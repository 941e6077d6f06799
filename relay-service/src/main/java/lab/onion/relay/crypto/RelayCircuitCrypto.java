package lab.onion.relay.crypto;

/**
 * A relay's one layer of a circuit (tor-spec 5.5.2.2, 5.5.3.1): it removes its layer from
 * forward cells and adds it to backward cells; it knows no other hop's keys.
 */
public final class RelayCircuitCrypto {

    private final HopCrypto hop;

    public RelayCircuitCrypto(CircuitKeys keys) {
        this.hop = new HopCrypto(keys);
    }

    /**
     * Removes this relay's layer from a forward body, in place.
     *
     * @return whether the cell is for this relay (recognized); if not, it is passed on
     */
    public boolean decryptForward(byte[] body) {
        hop.forward().crypt(body);
        return hop.forward().recognize(body);
    }

    /** Seals and encrypts a body this relay originates towards the client, in place. */
    public void originateBackward(byte[] body) {
        hop.backward().seal(body);
        hop.backward().crypt(body);
    }

    /** Adds this relay's layer to a backward body coming from the next hop, in place. */
    public void relayBackward(byte[] body) {
        hop.backward().crypt(body);
    }

    /** Running digest of the forward cells for this relay (for the SENDME it sends). */
    public byte[] forwardDigest() {
        return hop.forward().currentDigest();
    }

    /** Running digest of the backward cells this relay originated (recorded for SENDME v1). */
    public byte[] backwardDigest() {
        return hop.backward().currentDigest();
    }
}
