package lab.onion.relay.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 20-byte node ID of ntor and of EXTEND2's legacy identity. Tor uses the SHA-1 of the
 * relay's RSA identity key; the lab's relays have no RSA key, so it is the SHA-1 of the
 * relay's Ed25519 identity public key (ARCHITECTURE.md).
 */
public final class NodeId {

    public static final int LEN = 20;

    private NodeId() {
    }

    public static byte[] of(byte[] ed25519IdentityKey) {
        RawKeys.requireLength("Ed25519 identity key", ed25519IdentityKey);
        try {
            return MessageDigest.getInstance("SHA-1").digest(ed25519IdentityKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
