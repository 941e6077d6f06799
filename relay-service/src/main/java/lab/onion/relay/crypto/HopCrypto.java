package lab.onion.relay.crypto;

/** Both directions of one hop: forward (Kf, Df: towards the exit) and backward (Kb, Db). */
public final class HopCrypto {

    private final CryptState forward;
    private final CryptState backward;

    public HopCrypto(CircuitKeys keys) {
        this.forward = new CryptState(keys.kf(), keys.df());
        this.backward = new CryptState(keys.kb(), keys.db());
    }

    public CryptState forward() {
        return forward;
    }

    public CryptState backward() {
        return backward;
    }
}
