package lab.onion.relay.crypto;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;

/**
 * The JDK providers of the primitives every circuit sets up (AES-CTR and SHA-1 per hop and
 * direction, HMAC-SHA256 in ntor), looked up once. Asked for by name alone, {@code Cipher} walks
 * the provider list on every {@code getInstance} and again in {@code init} to choose one lazily,
 * as {@code Mac} does: in a profile of circuit builds that was a tenth of a relay's CREATE2 work.
 * Naming the provider the JDK chose skips both walks; the choice is still the JDK's.
 */
final class JdkProviders {

    static final Provider AES_CTR;
    static final Provider SHA1;
    static final Provider HMAC_SHA256;

    static {
        try {
            AES_CTR = Cipher.getInstance("AES/CTR/NoPadding").getProvider();
            SHA1 = MessageDigest.getInstance("SHA-1").getProvider();
            HMAC_SHA256 = Mac.getInstance("HmacSHA256").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR, SHA-1 and HmacSHA256 are part of every JDK", e);
        }
    }

    private JdkProviders() {
    }
}
