package lab.onion.relay.crypto;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.lang.ref.Cleaner;
import java.security.InvalidKeyException;

/**
 * curve25519 from OpenSSL's libcrypto (3.x, as Debian ships it), called through JNA's direct
 * mapping: the EVP calls of RFC 7748's X25519 and nothing else. A private key is made into an
 * {@code EVP_PKEY} once ({@link #secret}) and then serves any number of shared secrets; that
 * is what makes it fast (36 us per shared secret here, BouncyCastle 82 us), since OpenSSL 3
 * spends as long again on making a key as on the scalar multiplication itself.
 *
 * <p>{@link #load} returns null, and {@link X25519} uses BouncyCastle, when libcrypto is missing
 * or fails RFC 7748's test vector.
 */
final class OpenSslX25519 {

    /** {@code EVP_PKEY_X25519} (= NID_X25519). */
    private static final int EVP_PKEY_X25519 = 1034;
    private static final Cleaner CLEANER = Cleaner.create();

    private final String version;

    private OpenSslX25519(String version) {
        this.version = version;
    }

    /** libcrypto bound and checked against RFC 7748 6.1, or null with the reason in {@code why[0]}. */
    static OpenSslX25519 load(String[] why) {
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance("libcrypto.so.3");
        } catch (LinkageError | RuntimeException e) {
            why[0] = "libcrypto.so.3 not loadable: " + e.getMessage();
            return null;
        }
        try {
            Native.register(OpenSslX25519.class, library);
            OpenSslX25519 openssl = new OpenSslX25519(OpenSSL_version(0));
            String problem = openssl.selfTest();
            if (problem != null) {
                why[0] = problem;
                return null;
            }
            return openssl;
        } catch (LinkageError | RuntimeException e) {
            why[0] = "libcrypto has no usable X25519: " + e;
            return null;
        }
    }

    /** {@code OpenSSL 3.0.x ...}, as the library reports itself. */
    String version() {
        return version;
    }

    /** A private key made into an {@code EVP_PKEY}; its public key computed by OpenSSL. */
    X25519.Secret secret(byte[] privateKey) {
        Pointer key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, null, privateKey, privateKey.length);
        if (key == null) {
            throw new IllegalStateException("OpenSSL refused an X25519 private key");
        }
        byte[] publicKey = new byte[RawKeys.KEY_LEN];
        long[] length = {publicKey.length};
        if (EVP_PKEY_get_raw_public_key(key, publicKey, length) != 1 || length[0] != publicKey.length) {
            EVP_PKEY_free(key);
            throw new IllegalStateException("OpenSSL gave no X25519 public key");
        }
        return new NativeSecret(key, publicKey);
    }

    /** A private key held by OpenSSL; freed by close, or by the cleaner if it is forgotten. */
    private static final class NativeSecret extends X25519.Secret {
        private final Pointer key;
        private final Cleaner.Cleanable cleanable;

        NativeSecret(Pointer key, byte[] publicKey) {
            super(publicKey);
            this.key = key;
            this.cleanable = CLEANER.register(this, () -> EVP_PKEY_free(key)); // refers to the pointer only
        }

        @Override
        byte[] compute(byte[] peerPublicKey) throws InvalidKeyException {
            Pointer peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, null, peerPublicKey, peerPublicKey.length);
            if (peer == null) {
                throw new InvalidKeyException("OpenSSL refused an X25519 public key");
            }
            Pointer context = EVP_PKEY_CTX_new(key, null);
            try {
                byte[] shared = new byte[RawKeys.KEY_LEN];
                long[] length = {shared.length};
                if (context == null || EVP_PKEY_derive_init(context) != 1
                        || EVP_PKEY_derive_set_peer(context, peer) != 1) {
                    throw new IllegalStateException("OpenSSL could not start an X25519 derivation");
                }
                // fails when the result is all zeros (a peer key of small order): RFC 7748 section 6.1
                if (EVP_PKEY_derive(context, shared, length) != 1 || length[0] != shared.length) {
                    throw new InvalidKeyException("X25519 result is all zeros");
                }
                return shared;
            } finally {
                EVP_PKEY_CTX_free(context);
                EVP_PKEY_free(peer);
            }
        }

        @Override
        void release() {
            cleanable.clean();
        }
    }

    /** RFC 7748 6.1: both public keys and the shared secret, or what differs. */
    private String selfTest() {
        byte[] alice = RawKeys.hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = RawKeys.hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] bobPublic = RawKeys.hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = RawKeys.hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        try (X25519.Secret a = secret(alice); X25519.Secret b = secret(bob)) {
            if (!java.util.Arrays.equals(b.publicKey(), bobPublic)
                    || !java.util.Arrays.equals(a.agree(bobPublic), shared)
                    || !java.util.Arrays.equals(b.agree(a.publicKey()), shared)) {
                return "libcrypto's X25519 fails RFC 7748's test vector";
            }
            return null;
        } catch (InvalidKeyException | IllegalStateException e) {
            return "libcrypto's X25519 fails RFC 7748's test vector: " + e.getMessage();
        }
    }

    // ---- libcrypto (OpenSSL 3), JNA direct mapping; size_t is 64 bits on the platforms we run on ----

    private static native String OpenSSL_version(int type);

    private static native Pointer EVP_PKEY_new_raw_private_key(int type, Pointer engine, byte[] key, long length);

    private static native Pointer EVP_PKEY_new_raw_public_key(int type, Pointer engine, byte[] key, long length);

    private static native int EVP_PKEY_get_raw_public_key(Pointer key, byte[] out, long[] length);

    private static native Pointer EVP_PKEY_CTX_new(Pointer key, Pointer engine);

    private static native int EVP_PKEY_derive_init(Pointer context);

    private static native int EVP_PKEY_derive_set_peer(Pointer context, Pointer peer);

    private static native int EVP_PKEY_derive(Pointer context, byte[] out, long[] length);

    private static native void EVP_PKEY_CTX_free(Pointer context);

    private static native void EVP_PKEY_free(Pointer key);
}
