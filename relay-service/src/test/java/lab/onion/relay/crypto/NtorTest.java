package lab.onion.relay.crypto;

import lab.onion.relay.cell.Hex;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ntor handshake against a published vector with fixed keys, against an independent
 * step-by-step computation of tor-spec 5.1.4 / 5.2.2, and in its failure cases.
 */
class NtorTest {

    // The fixed-key vector of Arti's tor-proto crate (crates/tor-proto/src/crypto/handshake/ntor.rs,
    // test "testvec"), computed with Tor's reference implementation.
    static final byte[] B_SK = Hex.parse("4820544f4c4420594f5520444f474954204b454550532048415050454e494e47");
    static final byte[] B_PK = Hex.parse("ccbc8541904d18af08753eae967874749e6149f873de937f57f8fd903a21c471");
    static final byte[] X_SK = Hex.parse("706f6461792069207075742e2e2e2e2e2e2e2e4a454c4c59206f6e2074686973");
    static final byte[] X_PK = Hex.parse("e65dfdbef8b2635837fe2cebc086a8096eae3213e6830dc407516083d412b078");
    static final byte[] Y_SK = Hex.parse("70686520737175697272656c2e2e2e2e2e2e2e2e686173206869732067616d65");
    static final byte[] Y_PK = Hex.parse("390480a14362761d6aec1fea840f6e9e928fb2adb7b25c670be1045e35133a37");
    static final byte[] ID = Hex.parse("69546f6c64596f7541626f75745374616972732e");
    static final String CLIENT_HANDSHAKE = "69546f6c64596f7541626f75745374616972732e"
            + "ccbc8541904d18af08753eae967874749e6149f873de937f57f8fd903a21c471"
            + "e65dfdbef8b2635837fe2cebc086a8096eae3213e6830dc407516083d412b078";
    static final String SERVER_HANDSHAKE = "390480a14362761d6aec1fea840f6e9e928fb2adb7b25c670be1045e35133a37"
            + "1cbdf68b89923e1f85e8e18ee6e805ea333fe4849c790ffd2670bd80fec95cc8";
    /** Df (20) | Db (20) | Kf (16) | Kb (16): the first 72 bytes of the expansion. */
    static final String KEYS = "0c62dee7f48893370d0ef896758d35729867beef1a5121df80e00f79ed349af39b51cae125719182f19d932a667dae1afbf2e336e6910e7822223e763afad0a13342157969dc6b79";

    @Test
    void matchesThePublishedVectorOnBothSides() throws Exception {
        Ntor.RelayPublicKey relay = new Ntor.RelayPublicKey(ID, B_PK);
        assertArrayEquals(B_PK, X25519.publicKey(B_SK));
        assertArrayEquals(X_PK, X25519.publicKey(X_SK));
        assertArrayEquals(Y_PK, X25519.publicKey(Y_SK));

        Ntor.ClientState client = Ntor.client(relay, X_SK);
        assertEquals(CLIENT_HANDSHAKE, Hex.of(client.onionSkin()));

        Ntor.ServerResult server = Ntor.server(new Ntor.RelaySecretKey(relay, B_SK), client.onionSkin(), Y_SK);
        assertEquals(SERVER_HANDSHAKE, Hex.of(server.reply()));

        CircuitKeys expected = CircuitKeys.fromMaterial(Hex.parse(KEYS));
        assertEquals(expected, server.keys());
        assertEquals(expected, client.finish(server.reply()));
        assertEquals("0c62dee7f48893370d0ef896758d35729867beef", Hex.of(expected.df()));
        assertEquals("1a5121df80e00f79ed349af39b51cae125719182", Hex.of(expected.db()));
        assertEquals("f19d932a667dae1afbf2e336e6910e78", Hex.of(expected.kf()));
        assertEquals("22223e763afad0a13342157969dc6b79", Hex.of(expected.kb()));
    }

    /** tor-spec 5.1.4 and 5.2.2 written out with javax.crypto only, as a second witness. */
    @Test
    void aClientThatPrecomputesDerivesTheSameKeys() throws Exception {
        Ntor.RelayPublicKey relay = new Ntor.RelayPublicKey(ID, B_PK);
        Ntor.ClientState client = Ntor.client(relay, X_SK);
        client.precompute();
        Ntor.ServerResult server = Ntor.server(new Ntor.RelaySecretKey(relay, B_SK), client.onionSkin(), Y_SK);
        assertEquals(CircuitKeys.fromMaterial(Hex.parse(KEYS)), client.finish(server.reply()));
    }

    @Test
    void matchesAStepByStepComputationOfTorSpec() throws Exception {
        byte[] protoid = ascii("ntor-curve25519-sha256-1");
        byte[] tMac = ascii("ntor-curve25519-sha256-1:mac");
        byte[] tKey = ascii("ntor-curve25519-sha256-1:key_extract");
        byte[] tVerify = ascii("ntor-curve25519-sha256-1:verify");
        byte[] mExpand = ascii("ntor-curve25519-sha256-1:key_expand");

        byte[] expXy = X25519.agree(Y_SK, X_PK); // EXP(X,y)
        byte[] expXb = X25519.agree(B_SK, X_PK); // EXP(X,b)
        assertArrayEquals(expXy, X25519.agree(X_SK, Y_PK)); // = EXP(Y,x)
        assertArrayEquals(expXb, X25519.agree(X_SK, B_PK)); // = EXP(B,x)
        byte[] secretInput = cat(expXy, expXb, ID, B_PK, X_PK, Y_PK, protoid);
        byte[] keySeed = h(secretInput, tKey);
        byte[] verify = h(secretInput, tVerify);
        byte[] authInput = cat(verify, ID, B_PK, Y_PK, X_PK, protoid, ascii("Server"));
        byte[] auth = h(authInput, tMac);
        assertEquals(SERVER_HANDSHAKE, Hex.of(cat(Y_PK, auth)));

        // K_1 = H(m_expand | INT8(1), KEY_SEED), K_(i+1) = H(K_i | m_expand | INT8(i+1), KEY_SEED)
        byte[] k1 = h(cat(mExpand, new byte[]{1}), keySeed);
        byte[] k2 = h(cat(k1, mExpand, new byte[]{2}), keySeed);
        byte[] k3 = h(cat(k2, mExpand, new byte[]{3}), keySeed);
        assertEquals(KEYS, Hex.of(Arrays.copyOf(cat(k1, k2, k3), 72)));
        assertArrayEquals(Arrays.copyOf(cat(k1, k2, k3), 72), Ntor.expand(secretInput, 72));
    }

    @Test
    void freshKeysAgreeOnBothSides() throws Exception {
        SecureRandom random = new SecureRandom();
        RelayKeys relay = RelayKeys.generate(random);
        Ntor.ClientState client = Ntor.client(relay.ntorPublicKey(), random);
        Ntor.ServerResult server = Ntor.server(relay.ntorSecretKey(), client.onionSkin(), random);
        assertEquals(Ntor.CLIENT_HANDSHAKE_LEN, client.onionSkin().length);
        assertEquals(Ntor.SERVER_HANDSHAKE_LEN, server.reply().length);
        assertEquals(server.keys(), client.finish(server.reply()));
    }

    @Test
    void theRelayRefusesASkinForAnotherNodeOrKey() {
        SecureRandom random = new SecureRandom();
        RelayKeys relay = RelayKeys.generate(random);
        RelayKeys other = RelayKeys.generate(random);
        byte[] forOther = Ntor.client(other.ntorPublicKey(), random).onionSkin();
        HandshakeException wrongNode = assertThrows(HandshakeException.class,
                () -> Ntor.server(relay.ntorSecretKey(), forOther, random));
        assertEquals("ntor onion skin is for node " + Hex.of(other.nodeId()) + ", this relay is "
                + Hex.of(relay.nodeId()), wrongNode.getMessage());

        byte[] wrongKey = Ntor.client(new Ntor.RelayPublicKey(relay.nodeId(), other.onionKey()), random).onionSkin();
        assertEquals("ntor onion skin names another onion key", assertThrows(HandshakeException.class,
                () -> Ntor.server(relay.ntorSecretKey(), wrongKey, random)).getMessage());

        assertEquals("ntor onion skin is 83 bytes, not 84", assertThrows(HandshakeException.class,
                () -> Ntor.server(relay.ntorSecretKey(), new byte[83], random)).getMessage());
    }

    @Test
    void theRelayRefusesADegenerateX() {
        RelayKeys relay = RelayKeys.generate(new SecureRandom());
        byte[] skin = cat(relay.nodeId(), relay.onionKey(), new byte[32]);
        assertEquals("ntor: EXP(X,y) or EXP(X,b) is the point at infinity", assertThrows(HandshakeException.class,
                () -> Ntor.server(relay.ntorSecretKey(), skin, new SecureRandom())).getMessage());
    }

    @Test
    void theClientRefusesAWrongAuthOrADegenerateY() throws Exception {
        SecureRandom random = new SecureRandom();
        RelayKeys relay = RelayKeys.generate(random);
        Ntor.ClientState client = Ntor.client(relay.ntorPublicKey(), random);
        byte[] reply = Ntor.server(relay.ntorSecretKey(), client.onionSkin(), random).reply();

        byte[] tampered = reply.clone();
        tampered[40] ^= 0x01;
        assertEquals("ntor: the relay's AUTH does not match (wrong relay or onion key?)",
                assertThrows(HandshakeException.class, () -> client.finish(tampered)).getMessage());

        byte[] zeroY = reply.clone();
        Arrays.fill(zeroY, 0, 32, (byte) 0);
        assertEquals("ntor: EXP(Y,x) or EXP(B,x) is the point at infinity",
                assertThrows(HandshakeException.class, () -> client.finish(zeroY)).getMessage());

        assertEquals("ntor reply is 63 bytes, not 64",
                assertThrows(HandshakeException.class, () -> client.finish(Arrays.copyOf(reply, 63))).getMessage());

        // An impostor that knows the node ID and onion key but not the onion secret.
        RelayKeys impostor = RelayKeys.fromSecrets(relay.identitySecret(), RelayKeys.generate(random).onionSecret());
        Ntor.RelaySecretKey fake = new Ntor.RelaySecretKey(relay.ntorPublicKey(), impostor.onionSecret());
        byte[] fakeReply = Ntor.server(fake, client.onionSkin(), random).reply();
        assertThrows(HandshakeException.class, () -> client.finish(fakeReply));
    }

    private static byte[] h(byte[] message, byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
