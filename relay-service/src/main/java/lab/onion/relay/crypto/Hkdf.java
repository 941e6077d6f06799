package lab.onion.relay.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), which JDK 17 lacks. tor-spec 5.2.2 ("KDF-RFC5869") is this
 * function with salt = t_key, IKM = secret_input, info = m_expand.
 */
public final class Hkdf {

    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** HKDF-Extract: {@code PRK = HMAC-SHA256(key = salt, message = ikm)}. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return hmacSha256(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    }

    /** HKDF-Expand: {@code T(i) = HMAC-SHA256(PRK, T(i-1) | info | i)}, concatenated, cut to length. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF-SHA256 output of " + length + " bytes (at most 8160)");
        }
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        Mac mac = mac(prk);
        for (int i = 1, done = 0; done < length; i++) {
            mac.update(previous);
            mac.update(info);
            mac.update((byte) i);
            previous = mac.doFinal();
            int n = Math.min(previous.length, length - done);
            System.arraycopy(previous, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** Extract, then expand. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** {@code HMAC-SHA256(key, message)}; tor-spec writes it H(message, key). */
    public static byte[] hmacSha256(byte[] key, byte[] message) {
        return mac(key).doFinal(message);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256", JdkProviders.HMAC_SHA256);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
