package lab.onion.relay.crypto;

import lab.onion.relay.cell.Hex;
import org.junit.jupiter.api.Test;

import java.security.InvalidKeyException;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** X25519 and Ed25519 over the JDK with raw keys, pinned by RFC 7748 and RFC 8032. */
class CurveKeysTest {

    /** RFC 7748 section 5.2, first test vector. */
    @Test
    void x25519MatchesRfc7748ScalarMultiplication() throws Exception {
        byte[] scalar = Hex.parse("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        byte[] u = Hex.parse("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                Hex.of(X25519.agree(scalar, u)));
    }

    /** RFC 7748 section 6.1: Alice's and Bob's key pairs and their shared secret. */
    @Test
    void x25519MatchesRfc7748DiffieHellman() throws Exception {
        byte[] alice = Hex.parse("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = Hex.parse("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = X25519.publicKey(alice);
        byte[] bobPublic = X25519.publicKey(bob);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.of(alicePublic));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Hex.of(bobPublic));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, Hex.of(X25519.agree(alice, bobPublic)));
        assertEquals(shared, Hex.of(X25519.agree(bob, alicePublic)));
    }

    @Test
    void x25519RejectsAPointOfSmallOrder() {
        byte[] secret = X25519.generatePrivateKey(new SecureRandom());
        assertThrows(InvalidKeyException.class, () -> X25519.agree(secret, new byte[32]));
        byte[] one = new byte[32];
        one[0] = 1;
        assertThrows(InvalidKeyException.class, () -> X25519.agree(secret, one));
    }

    /** RFC 8032 section 7.1, TEST 1 (empty message). */
    @Test
    void ed25519MatchesRfc8032Test1() {
        byte[] secret = Hex.parse("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = Ed25519.publicKey(secret);
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Hex.of(publicKey));
        byte[] signature = Ed25519.sign(secret, new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", Hex.of(signature));
        assertTrue(Ed25519.verify(publicKey, new byte[0], signature));
    }

    @Test
    void ed25519RejectsAnAlteredMessageOrSignature() {
        byte[] secret = Ed25519.generatePrivateKey(new SecureRandom());
        byte[] publicKey = Ed25519.publicKey(secret);
        byte[] message = "descriptor".getBytes();
        byte[] signature = Ed25519.sign(secret, message);
        assertTrue(Ed25519.verify(publicKey, message, signature));
        assertFalse(Ed25519.verify(publicKey, "descriptoR".getBytes(), signature));
        signature[10] ^= 1;
        assertFalse(Ed25519.verify(publicKey, message, signature));
        assertFalse(Ed25519.verify(publicKey, message, new byte[3]));
    }

    @Test
    void relayKeysDeriveTheNodeIdAsSha1OfTheIdentityKey() throws Exception {
        RelayKeys keys = RelayKeys.generate(new SecureRandom());
        assertArrayEquals(java.security.MessageDigest.getInstance("SHA-1").digest(keys.identityKey()), keys.nodeId());
        RelayKeys again = RelayKeys.fromSecrets(keys.identitySecret(), keys.onionSecret());
        assertArrayEquals(keys.identityKey(), again.identityKey());
        assertArrayEquals(keys.onionKey(), again.onionKey());
        assertTrue(Ed25519.verify(keys.identityKey(), new byte[]{1}, keys.sign(new byte[]{1})));
    }
}
