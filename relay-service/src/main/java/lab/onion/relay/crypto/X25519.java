package lab.onion.relay.crypto;

import javax.crypto.KeyAgreement;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/** curve25519 Diffie-Hellman (RFC 7748) over the JDK, on raw 32-byte keys. */
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
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, new RawKeys.FixedBytes(privateKey));
            KeyPair pair = generator.generateKeyPair();
            return RawKeys.raw(pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is part of every JDK 11+", e);
        }
    }

    /**
     * The shared secret {@code X25519(privateKey, publicKey)}.
     *
     * @throws InvalidKeyException when the result is all zeros (the peer sent a point of small
     *                             order: tor-spec's "point at infinity" check)
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(RawKeys.x25519Private(privateKey));
            agreement.doPhase(RawKeys.x25519Public(publicKey), true);
            byte[] shared = agreement.generateSecret();
            if (isZero(shared)) {
                throw new InvalidKeyException("X25519 result is all zeros");
            }
            return shared;
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is part of every JDK 11+", e);
        }
    }

    private static boolean isZero(byte[] bytes) {
        int or = 0;
        for (byte b : bytes) {
            or |= b;
        }
        return or == 0;
    }
}
