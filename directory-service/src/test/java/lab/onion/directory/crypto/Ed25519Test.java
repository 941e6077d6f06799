package lab.onion.directory.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDK's Ed25519 pinned by RFC 8032's test vectors, and the raw-key conversions around it. */
class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 section 7.1, TEST 1 (empty message), TEST 2 (one byte) and TEST 3 (two bytes). */
    @ParameterizedTest(name = "RFC 8032 7.1 TEST {0}")
    @CsvSource({
        "1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
            + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
            + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
            + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
            + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void rfc8032Vectors(int test, String secret, String publicKey, String message, String signature) {
        byte[] seed = HEX.parseHex(secret);
        byte[] msg = HEX.parseHex(message);

        Ed25519.RawKeyPair pair = Ed25519.fromSeed(seed);

        assertEquals(publicKey, HEX.formatHex(pair.publicKey()), "public key of TEST " + test);
        assertEquals(signature, HEX.formatHex(Ed25519.sign(seed, msg)), "signature of TEST " + test);
        assertTrue(Ed25519.verify(pair.publicKey(), msg, HEX.parseHex(signature)));
        assertTrue(Ed25519.isValidPublicKey(pair.publicKey()));
    }

    @Test
    void anySingleBitFlipBreaksTheSignature() {
        Ed25519.RawKeyPair pair = Ed25519.generate();
        byte[] message = "onion".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Ed25519.sign(pair.seed(), message);
        assertTrue(Ed25519.verify(pair.publicKey(), message, signature));

        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] bad = signature.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519.verify(pair.publicKey(), message, bad), "signature bit " + bit);
        }
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] bad = message.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519.verify(pair.publicKey(), bad, signature), "message bit " + bit);
        }
        assertFalse(Ed25519.verify(Ed25519.generate().publicKey(), message, signature), "someone else's key");
    }

    @Test
    void rawKeysRoundTripThroughTheJdkKeyTypes() throws Exception {
        Ed25519.RawKeyPair pair = Ed25519.generate();
        assertArrayEquals(pair.publicKey(), Ed25519.rawPublicKey(Ed25519.publicKey(pair.publicKey())));
        assertArrayEquals(pair.seed(), Ed25519.seedFromPkcs8(Ed25519.privateKey(pair.seed()).getEncoded()));
        assertArrayEquals(pair.seed(), Ed25519.seedFromPkcs8(Ed25519.pkcs8(pair.seed())));
    }

    @Test
    void malformedInputDoesNotVerifyAndDoesNotThrow() {
        Ed25519.RawKeyPair pair = Ed25519.generate();
        byte[] message = {1, 2, 3};
        byte[] signature = Ed25519.sign(pair.seed(), message);

        assertFalse(Ed25519.verify(new byte[31], message, signature), "short key");
        assertFalse(Ed25519.verify(null, message, signature), "no key");
        assertFalse(Ed25519.verify(pair.publicKey(), message, new byte[63]), "short signature");
        assertFalse(Ed25519.verify(pair.publicKey(), message, null), "no signature");
        assertFalse(Ed25519.verify(notAPoint(), message, signature), "key not on the curve");
        assertThrows(IllegalArgumentException.class, () -> Ed25519.fromSeed(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519.seedFromPkcs8(new byte[48]));
    }

    /** Edge values of the point check (RFC 8032 5.1.3): y >= p, no square root, x = 0 with the sign bit. */
    @Test
    void pointDecoding() {
        byte[] identity = new byte[32];
        identity[0] = 1; // y = 1, x = 0: the neutral element, a valid encoding
        assertTrue(Ed25519.isValidPublicKey(identity));
        byte[] negativeZero = identity.clone();
        negativeZero[31] = (byte) 0x80; // x = 0 with the sign bit set: invalid
        assertFalse(Ed25519.isValidPublicKey(negativeZero));

        byte[] p = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // y = p
        assertFalse(Ed25519.isValidPublicKey(p));
        assertFalse(Ed25519.isValidPublicKey(notAPoint()));
        assertFalse(Ed25519.isValidPublicKey(new byte[33]));
    }

    /** y = 2 has no x on edwards25519 (x^2 = 3 / (4d + 1) is not a square mod p). */
    static byte[] notAPoint() {
        byte[] key = new byte[32];
        key[0] = 2;
        return key;
    }
}
