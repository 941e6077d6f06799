package lab.onion.relay.crypto;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Raw 32-byte keys (as tor-spec and RFC 7748 / 8032 write them), and Ed25519 keys to and from
 * JDK keys. The DER encodings of these keys are fixed-length, so a constant prefix plus
 * the 32 raw bytes is the whole encoding.
 */
final class RawKeys {

    static final int KEY_LEN = 32;

    /** SubjectPublicKeyInfo prefixes: SEQUENCE { AlgorithmIdentifier { OID }, BIT STRING (33) }. */
    private static final byte[] ED25519_PUBLIC_PREFIX = hex("302a300506032b6570032100");
    /** PKCS#8 prefixes: SEQUENCE { version 0, AlgorithmIdentifier { OID }, OCTET STRING { OCTET STRING (32) } }. */
    private static final byte[] ED25519_PRIVATE_PREFIX = hex("302e020100300506032b657004220420");

    private RawKeys() {
    }

    static PublicKey ed25519Public(byte[] raw) {
        return publicKey("Ed25519", ED25519_PUBLIC_PREFIX, raw);
    }

    static PrivateKey ed25519Private(byte[] raw) {
        return privateKey("Ed25519", ED25519_PRIVATE_PREFIX, raw);
    }

    /** The raw 32 bytes of an X25519 or Ed25519 public key: the tail of its X.509 encoding. */
    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        byte[] raw = new byte[KEY_LEN];
        System.arraycopy(encoded, encoded.length - KEY_LEN, raw, 0, KEY_LEN);
        return raw;
    }

    private static PublicKey publicKey(String algorithm, byte[] prefix, byte[] raw) {
        requireLength(algorithm + " public key", raw);
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(concat(prefix, raw)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(algorithm + " public key rejected: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String algorithm, byte[] prefix, byte[] raw) {
        requireLength(algorithm + " private key", raw);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(concat(prefix, raw)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(algorithm + " private key rejected: " + e.getMessage(), e);
        }
    }

    static void requireLength(String what, byte[] raw) {
        if (raw.length != KEY_LEN) {
            throw new IllegalArgumentException(what + " is " + raw.length + " bytes, not " + KEY_LEN);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    /**
     * A "random" source that yields the given bytes once: the JDK derives a public key only in
     * its key pair generators, which draw the private key from their SecureRandom.
     */
    static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;
        private boolean used;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("FixedBytes holds one draw of " + bytes.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
            used = true;
        }
    }
}
