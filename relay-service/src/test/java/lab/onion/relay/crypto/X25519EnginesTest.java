package lab.onion.relay.crypto;

import lab.onion.relay.cell.Hex;
import org.junit.jupiter.api.Test;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both curve25519 engines, OpenSSL's libcrypto and BouncyCastle, against RFC 7748's vectors and
 * against each other on random keys ({@link X25519} picks one at run time; this checks both).
 */
class X25519EnginesTest {

    private static final String[] WHY = new String[1];
    private static final OpenSslX25519 OPENSSL = OpenSslX25519.load(WHY);

    @Test
    void bouncyCastleMatchesRfc7748() throws Exception {
        matchesRfc7748(X25519::bouncyCastle);
    }

    @Test
    void openSslMatchesRfc7748() throws Exception {
        assumeTrue(OPENSSL != null, () -> "no OpenSSL here: " + WHY[0]);
        matchesRfc7748(OPENSSL::secret);
    }

    @Test
    void theEnginesAgreeOnRandomKeys() throws Exception {
        assumeTrue(OPENSSL != null, () -> "no OpenSSL here: " + WHY[0]);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] a = X25519.generatePrivateKey(random);
            byte[] b = X25519.generatePrivateKey(random);
            try (X25519.Secret javaA = X25519.bouncyCastle(a); X25519.Secret nativeA = OPENSSL.secret(a);
                 X25519.Secret nativeB = OPENSSL.secret(b)) {
                assertArrayEquals(javaA.publicKey(), nativeA.publicKey(), "public key of " + Hex.of(a));
                byte[] shared = javaA.agree(nativeB.publicKey());
                assertArrayEquals(shared, nativeA.agree(nativeB.publicKey()));
                assertArrayEquals(shared, nativeB.agree(javaA.publicKey()));
            }
        }
    }

    @Test
    void aClosedOpenSslSecretRefusesWorkInsteadOfTouchingFreedMemory() throws Exception {
        assumeTrue(OPENSSL != null, () -> "no OpenSSL here: " + WHY[0]);
        X25519.Secret secret = OPENSSL.secret(X25519.generatePrivateKey(new SecureRandom()));
        byte[] peer = X25519.publicKey(X25519.generatePrivateKey(new SecureRandom()));
        secret.agree(peer);
        secret.close();
        secret.close(); // twice is harmless
        assertThrows(IllegalStateException.class, () -> secret.agree(peer));
    }

    private static void matchesRfc7748(Function<byte[], X25519.Secret> engine) throws Exception {
        // section 5.2, first vector: a scalar times a u-coordinate
        try (X25519.Secret scalar = engine.apply(Hex.parse("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"))) {
            assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                    Hex.of(scalar.agree(Hex.parse("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        }
        // section 6.1: Alice and Bob
        try (X25519.Secret alice = engine.apply(Hex.parse("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
             X25519.Secret bob = engine.apply(Hex.parse("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))) {
            assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.of(alice.publicKey()));
            assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Hex.of(bob.publicKey()));
            String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
            assertEquals(shared, Hex.of(alice.agree(bob.publicKey())));
            assertEquals(shared, Hex.of(bob.agree(alice.publicKey())));
            // points of small order give all zeros: refused
            assertThrows(InvalidKeyException.class, () -> alice.agree(new byte[32]));
            byte[] one = new byte[32];
            one[0] = 1;
            assertThrows(InvalidKeyException.class, () -> alice.agree(one));
        }
    }
}
