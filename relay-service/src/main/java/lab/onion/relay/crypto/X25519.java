package lab.onion.relay.crypto;

import org.jboss.logging.Logger;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * curve25519 Diffie-Hellman (RFC 7748) on raw 32-byte keys. Two engines, both faster than the
 * JDK's X25519 (155 us per shared secret on this lab's 2-core machine, 150 us per public key):
 * <ul>
 *   <li>OpenSSL's libcrypto through JNA ({@link OpenSslX25519}), as Tor links OpenSSL: 36 us per
 *       shared secret once a private key is prepared as a {@link Secret};</li>
 *   <li>BouncyCastle's RFC 7748 code, pure Java: 82 us per shared secret, 30 us per public key.</li>
 * </ul>
 * libcrypto is used when it loads and passes RFC 7748's test vector; {@code -Donion.curve25519=bouncycastle}
 * (or {@code ONION_CURVE25519=bouncycastle}) picks BouncyCastle. A 3-hop circuit build has nine
 * of these operations on its path. The RFC's test vectors pin both ({@code CurveKeysTest}).
 */
public final class X25519 {

    private static final Logger LOG = Logger.getLogger(X25519.class);
    private static final OpenSslX25519 OPENSSL = loadOpenSsl();

    private X25519() {
    }

    /**
     * A private key ready to compute any number of shared secrets, with its public key. Close it
     * when done (ephemeral keys): an OpenSSL key is freed then, or else when it is garbage.
     */
    public abstract static class Secret implements AutoCloseable {
        private final byte[] publicKey;
        private boolean closed;

        Secret(byte[] publicKey) {
            this.publicKey = publicKey;
        }

        public final byte[] publicKey() {
            return publicKey.clone();
        }

        /**
         * The shared secret {@code X25519(this, peerPublicKey)}.
         *
         * @throws InvalidKeyException   when the result is all zeros (the peer sent a point of
         *                               small order: tor-spec's "point at infinity" check)
         * @throws IllegalStateException after {@link #close}
         */
        public final synchronized byte[] agree(byte[] peerPublicKey) throws InvalidKeyException {
            RawKeys.requireLength("X25519 public key", peerPublicKey);
            if (closed) {
                throw new IllegalStateException("X25519 secret used after close"); // its memory is freed
            }
            return compute(peerPublicKey);
        }

        /** Forgets the private key; twice is harmless. */
        @Override
        public final synchronized void close() {
            if (!closed) {
                closed = true;
                release();
            }
        }

        abstract byte[] compute(byte[] peerPublicKey) throws InvalidKeyException;

        abstract void release();
    }

    /** A private key (32 bytes, clamped as RFC 7748 says when used) prepared for use. */
    public static Secret secret(byte[] privateKey) {
        RawKeys.requireLength("X25519 private key", privateKey);
        return OPENSSL != null ? OPENSSL.secret(privateKey) : new JavaSecret(privateKey);
    }

    /** BouncyCastle's engine, whichever one {@link #secret} uses (tests compare the two). */
    static Secret bouncyCastle(byte[] privateKey) {
        RawKeys.requireLength("X25519 private key", privateKey);
        return new JavaSecret(privateKey);
    }

    /** A fresh random private key, prepared. */
    public static Secret generateSecret(SecureRandom random) {
        byte[] privateKey = new byte[RawKeys.KEY_LEN];
        random.nextBytes(privateKey);
        try {
            return secret(privateKey);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** A fresh random private key, as bytes (to be stored). */
    public static byte[] generatePrivateKey(SecureRandom random) {
        byte[] privateKey = new byte[RawKeys.KEY_LEN];
        random.nextBytes(privateKey);
        return privateKey;
    }

    /** The public key {@code X25519(k, 9)} of a private key. */
    public static byte[] publicKey(byte[] privateKey) {
        try (Secret secret = secret(privateKey)) {
            return secret.publicKey();
        }
    }

    /** The shared secret {@code X25519(privateKey, publicKey)}; see {@link Secret#agree}. */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        try (Secret secret = secret(privateKey)) {
            return secret.agree(publicKey);
        }
    }

    /** BouncyCastle's engine: the private key kept as bytes (zeroed on close). */
    private static final class JavaSecret extends Secret {
        private final byte[] privateKey;

        JavaSecret(byte[] privateKey) {
            super(basePoint(privateKey));
            this.privateKey = privateKey.clone();
        }

        private static byte[] basePoint(byte[] privateKey) {
            byte[] publicKey = new byte[RawKeys.KEY_LEN];
            org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(privateKey, 0, publicKey, 0);
            return publicKey;
        }

        @Override
        byte[] compute(byte[] peerPublicKey) throws InvalidKeyException {
            byte[] shared = new byte[RawKeys.KEY_LEN];
            org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(privateKey, 0, peerPublicKey, 0, shared, 0);
            if (isZero(shared)) {
                throw new InvalidKeyException("X25519 result is all zeros");
            }
            return shared;
        }

        @Override
        void release() {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    private static OpenSslX25519 loadOpenSsl() {
        String choice = System.getProperty("onion.curve25519", System.getenv().getOrDefault("ONION_CURVE25519", "auto"));
        if (choice.equalsIgnoreCase("bouncycastle")) {
            LOG.info("curve25519: BouncyCastle (chosen by onion.curve25519)");
            return null;
        }
        String[] why = new String[1];
        OpenSslX25519 openssl = OpenSslX25519.load(why);
        if (openssl != null) {
            LOG.infof("curve25519: %s (libcrypto via JNA)", openssl.version());
        } else {
            LOG.infof("curve25519: BouncyCastle, since %s", why[0]);
        }
        return openssl;
    }

    private static boolean isZero(byte[] bytes) {
        int or = 0;
        for (byte b : bytes) {
            or |= b;
        }
        return or == 0;
    }
}
