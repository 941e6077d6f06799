package lab.onion.relay.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;

/**
 * curve25519 Diffie-Hellman (RFC 7748) on raw 32-byte keys, computed by BouncyCastle's RFC 7748
 * code rather than the JDK's X25519: measured on this lab's 2-core machine, a shared secret takes
 * 81 us there against the JDK's 155 us, a public key 30 us against 150 us, and building a 3-hop
 * circuit takes twelve of them. The RFC's test vectors pin both ({@code CurveKeysTest}).
 */
public final class X25519 {

    private X25519() {
    }

    /** A key pair as raw bytes. */
    public record KeyPair32(byte[] privateKey, byte[] publicKey) {
        public KeyPair32 {
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    public static KeyPair32 generate(SecureRandom random) {
        byte[] privateKey = new byte[RawKeys.KEY_LEN];
        random.nextBytes(privateKey);
        return new KeyPair32(privateKey, publicKey(privateKey));
    }

    /** The public key {@code X25519(k, 9)} of a private key (clamped as RFC 7748 says). */
    public static byte[] publicKey(byte[] privateKey) {
        RawKeys.requireLength("X25519 private key", privateKey);
        byte[] publicKey = new byte[RawKeys.KEY_LEN];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    /**
     * The shared secret {@code X25519(privateKey, publicKey)}.
     *
     * @throws InvalidKeyException when the result is all zeros (the peer sent a point of small
     *                             order: tor-spec's "point at infinity" check)
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        RawKeys.requireLength("X25519 private key", privateKey);
        RawKeys.requireLength("X25519 public key", publicKey);
        byte[] shared = new byte[RawKeys.KEY_LEN];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(privateKey, 0, publicKey, 0, shared, 0);
        if (isZero(shared)) {
            throw new InvalidKeyException("X25519 result is all zeros");
        }
        return shared;
    }

    private static boolean isZero(byte[] bytes) {
        int or = 0;
        for (byte b : bytes) {
            or |= b;
        }
        return or == 0;
    }
}
