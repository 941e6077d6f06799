package lab.onion.relay.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.NamedParameterSpec;

/** Ed25519 signatures (RFC 8032) over the JDK, on raw 32-byte keys and 64-byte signatures. */
public final class Ed25519 {

    public static final int SIGNATURE_LEN = 64;

    private Ed25519() {
    }

    /** A fresh private key (32 random bytes, RFC 8032's "secret key"). */
    public static byte[] generatePrivateKey(SecureRandom random) {
        byte[] privateKey = new byte[RawKeys.KEY_LEN];
        random.nextBytes(privateKey);
        return privateKey;
    }

    /** The public key of a private key (RFC 8032 5.1.5). */
    public static byte[] publicKey(byte[] privateKey) {
        RawKeys.requireLength("Ed25519 private key", privateKey);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new RawKeys.FixedBytes(privateKey));
            KeyPair pair = generator.generateKeyPair();
            return RawKeys.raw(pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    public static byte[] sign(byte[] privateKey, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(RawKeys.ed25519Private(privateKey));
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    /** Whether {@code signature} is a valid signature of {@code message} by {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LEN) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(RawKeys.ed25519Public(publicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | IllegalArgumentException | java.security.InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }
}
