package lab.onion.directory.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) over the JDK's provider, with keys as the raw 32-byte strings the lab's wire
 * formats carry. The JDK wants DER: a raw key becomes a JDK key by a fixed prefix (X.509
 * SubjectPublicKeyInfo for public keys, PKCS#8 for private keys), since both structures have a
 * constant layout for Ed25519.
 */
public final class Ed25519 {

    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes, 0 unused bits) ... }. */
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    /** SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) ... } }. */
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    /** The field prime 2^255 - 19 and the curve constant d = -121665/121666. */
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    private Ed25519() {
    }

    /** A key pair as raw strings: the 32-byte private seed and the 32-byte public key. */
    public record RawKeyPair(byte[] seed, byte[] publicKey) {
    }

    /** A new key pair from the system's strong random source. */
    public static RawKeyPair generate() {
        byte[] seed = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(seed);
        return fromSeed(seed);
    }

    /**
     * The key pair of a 32-byte private seed (RFC 8032 "secret key"). JDK 17 has no call that
     * derives an Ed25519 public key from a private one; its key pair generator does exactly that
     * derivation from 32 random bytes, so it is fed the seed as its "random" bytes. Pinned by the
     * RFC 8032 test vectors.
     */
    public static RawKeyPair fromSeed(byte[] seed) {
        requireLength(seed, KEY_LENGTH, "Ed25519 private key");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            return new RawKeyPair(seed.clone(), rawPublicKey(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** Signs {@code message} with the private key given by its 32-byte seed. */
    public static byte[] sign(byte[] seed, byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey(seed));
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} by the raw public key.
     * Never throws for bad input: a key or signature of the wrong length, or a key that is not a
     * curve point, simply does not verify.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_LENGTH
                || signature == null || signature.length != SIGNATURE_LENGTH
                || !isValidPublicKey(publicKey)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(publicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether 32 bytes are the RFC 8032 encoding of a point on the curve: y below p, and
     * x^2 = (y^2 - 1) / (d y^2 + 1) has a root (RFC 8032 section 5.1.3), with x = 0 only for the
     * sign bit clear.
     */
    public static boolean isValidPublicKey(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            return false;
        }
        byte[] littleEndian = key.clone();
        boolean xOdd = (littleEndian[31] & 0x80) != 0;
        littleEndian[31] &= 0x7f;
        BigInteger y = new BigInteger(1, reverse(littleEndian));
        if (y.compareTo(P) >= 0) {
            return false;
        }
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        if (x2.signum() == 0) {
            return !xOdd;
        }
        // Euler's criterion: x2 is a square mod p iff x2^((p-1)/2) = 1.
        return x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }

    /** The JDK public key of a raw 32-byte key. */
    public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        requireLength(raw, KEY_LENGTH, "Ed25519 public key");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
    }

    /** The JDK private key of a raw 32-byte seed. */
    public static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        requireLength(seed, KEY_LENGTH, "Ed25519 private key");
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(seed)));
    }

    /** The raw 32 bytes of a JDK Ed25519 public key (its X.509 encoding minus the fixed prefix). */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key in X.509 form");
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    /** The PKCS#8 DER encoding of a seed, as {@code openssl pkey} reads it. */
    public static byte[] pkcs8(byte[] seed) {
        requireLength(seed, KEY_LENGTH, "Ed25519 private key");
        return concat(PKCS8_PREFIX, seed);
    }

    /** The seed inside a PKCS#8 DER Ed25519 private key. */
    public static byte[] seedFromPkcs8(byte[] der) {
        if (der.length != PKCS8_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 form ("
                    + der.length + " bytes, expected " + (PKCS8_PREFIX.length + KEY_LENGTH) + ")");
        }
        return Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
    }

    private static void requireLength(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    /** A "random" source that yields the given bytes: how a seed reaches the JDK's key pair generator. */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes, got " + out.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
