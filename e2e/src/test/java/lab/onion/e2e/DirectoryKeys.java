package lab.onion.e2e;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A directory key pair as the lab takes it: the base64 of the raw 32-byte Ed25519 seed
 * (DIRECTORY_IDENTITY_PRIVATE_KEY) and of the raw public key the relays pin
 * (DIRECTORY_PUBLIC_KEY). The JDK's PKCS#8 and X.509 encodings of an Ed25519 key end with those
 * 32 bytes.
 */
record DirectoryKeys(String privateKey, String publicKey) {

    static DirectoryKeys generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new DirectoryKeys(last32(pair.getPrivate().getEncoded()), last32(pair.getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String last32(byte[] der) {
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }
}
