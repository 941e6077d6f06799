package lab.onion.relay.crypto;

import java.security.SecureRandom;

/**
 * One ephemeral curve25519 key made ahead of the handshake that takes it, so that making it
 * (a scalar multiplication) is not on that handshake's path. Confined to one thread (a node's
 * event loop).
 */
public final class SpareKey {

    private final SecureRandom random;
    private X25519.Secret spare;

    public SpareKey(SecureRandom random) {
        this.random = random;
    }

    /** The spare key, or a fresh one when it was taken and not made again yet. */
    public X25519.Secret take() {
        X25519.Secret key = spare != null ? spare : X25519.generateSecret(random);
        spare = null;
        return key;
    }

    /** Makes the spare key if it was taken: call where its cost delays nothing (after a flush). */
    public void refill() {
        if (spare == null) {
            spare = X25519.generateSecret(random);
        }
    }
}
