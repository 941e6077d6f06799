package lab.onion.directory.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the lab names a relay in logs and JSON: the SHA-1 of its Ed25519 identity key in uppercase
 * hex, which is also the 20-byte node ID of ntor and of EXTEND2's legacy link specifier.
 */
public final class Fingerprint {

    /** Hex digits of the short form used in log lines. */
    public static final int SHORT_LENGTH = 8;

    private Fingerprint() {
    }

    /** 40 uppercase hex digits. */
    public static String of(byte[] identityKey) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(identityKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** The first {@value #SHORT_LENGTH} hex digits, enough to tell the lab's relays apart in a log. */
    public static String shortOf(byte[] identityKey) {
        return of(identityKey).substring(0, SHORT_LENGTH);
    }
}
