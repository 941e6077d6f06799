package lab.onion.relay.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's view of a circuit's crypto (tor-spec 5.5.2.1, 5.5.3): one {@link HopCrypto} per
 * hop, hop 0 being the guard. Outbound cells get one layer per hop up to their target;
 * inbound cells lose one layer per hop until some hop recognizes them.
 */
public final class ClientCircuitCrypto {

    private final List<HopCrypto> hops = new ArrayList<>();

    /** Adds the next hop, after its handshake completed. */
    public void addHop(CircuitKeys keys) {
        hops.add(new HopCrypto(keys));
    }

    public int hopCount() {
        return hops.size();
    }

    /**
     * Seals a plaintext body for hop {@code target} (its forward digest) and encrypts it with
     * Kf of hops target, target-1, ..., 0, in place.
     */
    public void encrypt(byte[] body, int target) {
        checkHop(target);
        hops.get(target).forward().seal(body);
        for (int i = target; i >= 0; i--) {
            hops.get(i).forward().crypt(body);
        }
    }

    /**
     * Removes layers from an inbound body, in place, hop by hop from the guard, until one hop
     * recognizes it.
     *
     * @return the index of the hop that sent it, or -1 if none did (the cell was tampered with:
     *         the circuit must be closed)
     */
    public int decrypt(byte[] body) {
        for (int i = 0; i < hops.size(); i++) {
            CryptState backward = hops.get(i).backward();
            backward.crypt(body);
            if (backward.recognize(body)) {
                return i;
            }
        }
        return -1;
    }

    /** Running digest of the cells sent to hop {@code hop} (recorded for SENDME v1). */
    public byte[] forwardDigest(int hop) {
        checkHop(hop);
        return hops.get(hop).forward().currentDigest();
    }

    /** Running digest of the cells received from hop {@code hop} (for the SENDME v1 we send). */
    public byte[] backwardDigest(int hop) {
        checkHop(hop);
        return hops.get(hop).backward().currentDigest();
    }

    private void checkHop(int hop) {
        if (hop < 0 || hop >= hops.size()) {
            throw new IllegalArgumentException("hop " + hop + " of a circuit with " + hops.size() + " hops");
        }
    }
}
