package lab.onion.directory.descriptor;

import lab.onion.directory.crypto.Ed25519;

import java.util.regex.Pattern;

/**
 * The checks that need nothing but the message itself: every field well formed, then the
 * signature. Time, allow-list and conflicts depend on the directory's state and clock and are
 * checked by the registry.
 */
public final class DescriptorValidator {

    private static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,18}");

    private DescriptorValidator() {
    }

    /** Throws a {@link Refusal} (MALFORMED, then BAD_SIGNATURE) unless the signed descriptor is sound. */
    public static void check(RelayDescriptor d, byte[] signature) {
        checkFields(d);
        checkSignatureLength(signature);
        if (!Ed25519.verify(d.identityKey(), d.signingBytes(), signature)) {
            throw new Refusal(Refusal.Reason.BAD_SIGNATURE,
                    "descriptor signature does not verify with its identity key");
        }
    }

    /** Throws a MALFORMED {@link Refusal} naming the first bad field. */
    public static void checkFields(RelayDescriptor d) {
        if (d.nickname() == null || !NICKNAME.matcher(d.nickname()).matches()) {
            throw malformed("nickname '" + d.nickname()
                    + "' must be 1-19 letters, digits, '-' or '_', starting with a letter or digit");
        }
        String addressProblem = Ipv4.relayAddressProblem(d.address());
        if (addressProblem != null) {
            throw malformed(addressProblem);
        }
        if (d.linkPort() < 1 || d.linkPort() > 65535) {
            throw malformed("link port " + d.linkPort() + " is not in 1..65535");
        }
        checkIdentityKey(d.identityKey());
        if (d.onionKey() == null || d.onionKey().length != 32) {
            throw malformed("onion key must be 32 bytes (X25519), got " + length(d.onionKey()));
        }
        if (isAllZero(d.onionKey())) {
            throw malformed("onion key is all zero (not a usable X25519 public key)");
        }
        ExitPolicy policy;
        try {
            policy = ExitPolicy.parse(d.exitPolicy());
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
        if (d.has(RelayFlag.EXIT) && !policy.acceptsAnything()) {
            throw malformed("Exit flag, but the exit policy accepts nothing (add an accept rule before any 'reject *:*')");
        }
        if (d.publishedUnixMs() < 0) {
            throw malformed("published time " + d.publishedUnixMs() + " is negative");
        }
    }

    /** Throws a MALFORMED {@link Refusal} unless {@code key} is a 32-byte Ed25519 point. */
    public static void checkIdentityKey(byte[] key) {
        if (key == null || key.length != Ed25519.KEY_LENGTH) {
            throw malformed("identity key must be 32 bytes (Ed25519), got " + length(key));
        }
        if (!Ed25519.isValidPublicKey(key)) {
            throw malformed("identity key is not a valid Ed25519 public key (not a curve point)");
        }
    }

    public static void checkSignatureLength(byte[] signature) {
        if (signature == null || signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw malformed("signature must be 64 bytes (Ed25519), got " + length(signature));
        }
    }

    public static Refusal malformed(String message) {
        return new Refusal(Refusal.Reason.MALFORMED, message);
    }

    private static String length(byte[] bytes) {
        return bytes == null ? "none" : Integer.toString(bytes.length);
    }

    private static boolean isAllZero(byte[] bytes) {
        int or = 0;
        for (byte b : bytes) {
            or |= b;
        }
        return or == 0;
    }
}
