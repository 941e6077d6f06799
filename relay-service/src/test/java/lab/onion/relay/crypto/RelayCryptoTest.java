package lab.onion.relay.crypto;

import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.RelayCell;
import lab.onion.relay.cell.RelayMsg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "tor1" relay crypto: a three-hop onion in memory, both ways, and tampering. */
class RelayCryptoTest {

    private final Random padding = new Random(1);
    private ClientCircuitCrypto client;
    private List<RelayCircuitCrypto> relays;

    /** Three hops whose keys come from real ntor handshakes. */
    @BeforeEach
    void buildCircuit() throws Exception {
        SecureRandom random = new SecureRandom();
        client = new ClientCircuitCrypto();
        relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RelayKeys relay = RelayKeys.generate(random);
            Ntor.ClientState state = Ntor.client(relay.ntorPublicKey(), random);
            Ntor.ServerResult server = Ntor.server(relay.ntorSecretKey(), state.onionSkin(), random);
            client.addHop(state.finish(server.reply()));
            relays.add(new RelayCircuitCrypto(server.keys()));
        }
    }

    @Test
    void eachRelayPeelsOneLayerAndOnlyTheTargetRecognizesTheCell() {
        for (int target = 0; target < 3; target++) {
            RelayCell cell = new RelayCell(7, new RelayMsg.Data(("to hop " + target).getBytes()));
            byte[] body = cell.encode(padding);
            client.encrypt(body, target);
            int recognizedAt = forward(body);
            assertEquals(target, recognizedAt);
            assertEquals(cell, RelayCell.decode(body));
        }
    }

    @Test
    void theClientTellsWhichHopSentABackwardCell() {
        for (int origin = 0; origin < 3; origin++) {
            RelayCell cell = new RelayCell(9, new RelayMsg.Data(("from hop " + origin).getBytes()));
            byte[] body = cell.encode(padding);
            relays.get(origin).originateBackward(body);
            for (int hop = origin - 1; hop >= 0; hop--) {
                relays.get(hop).relayBackward(body);
            }
            assertEquals(origin, client.decrypt(body));
            assertEquals(cell, RelayCell.decode(body));
        }
    }

    @Test
    void aThousandCellsEachWayKeepKeystreamsAndDigestsInStep() {
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            byte[] data = new byte[random.nextInt(RelayCell.MAX_DATA_LEN + 1)];
            random.nextBytes(data);
            RelayCell out = new RelayCell(1, new RelayMsg.Data(data));
            byte[] body = out.encode(padding);
            int target = i % 3;
            client.encrypt(body, target);
            assertEquals(target, forward(body));
            assertEquals(out, RelayCell.decode(body));

            byte[] back = out.encode(padding);
            relays.get(2).originateBackward(back);
            relays.get(1).relayBackward(back);
            relays.get(0).relayBackward(back);
            assertEquals(2, client.decrypt(back));
            assertEquals(out, RelayCell.decode(back));
        }
        assertArrayEquals(client.forwardDigest(2), relays.get(2).forwardDigest());
        assertArrayEquals(client.backwardDigest(2), relays.get(2).backwardDigest());
    }

    /** One flipped bit anywhere in the body: the exit does not recognize the cell. */
    @ParameterizedTest(name = "bit flipped in byte {0}")
    @ValueSource(ints = {0, 1, 2, 4, 5, 8, 10, 11, 100, 508})
    void aTamperedCellIsDetectedAtTheLastHop(int byteIndex) {
        byte[] body = new RelayCell(3, new RelayMsg.Data("attack at dawn".getBytes())).encode(padding);
        client.encrypt(body, 2);
        body[byteIndex] ^= 0x10;
        assertFalse(relays.get(0).decryptForward(body));
        assertFalse(relays.get(1).decryptForward(body));
        assertFalse(relays.get(2).decryptForward(body), "the exit must not accept a tampered cell");
    }

    /** A cell that looks recognized but is not must leave the running digest as it was. */
    @Test
    void aFalseRecognizedFieldDoesNotDisturbTheDigest() throws Exception {
        CircuitKeys keys = CircuitKeys.fromMaterial(new byte[72]);
        CryptState sender = new CryptState(keys.kf(), keys.df());
        CryptState receiver = new CryptState(keys.kf(), keys.df());
        byte[] before = receiver.currentDigest();

        byte[] impostor = new byte[Cell.PAYLOAD_LEN]; // Recognized 0, Digest 0: wrong digest
        impostor[0] = 2;
        assertFalse(receiver.recognize(impostor));
        assertArrayEquals(before, receiver.currentDigest());

        byte[] genuine = new RelayCell(1, new RelayMsg.Data(new byte[]{1})).encode(padding);
        sender.seal(genuine);
        assertTrue(receiver.recognize(genuine));
        assertArrayEquals(sender.currentDigest(), receiver.currentDigest());
        assertNotEquals(Arrays.toString(before), Arrays.toString(receiver.currentDigest()));
    }

    /** The digest is SHA-1 over Df then each body with its Digest field zeroed (tor-spec 6.1). */
    @Test
    void theDigestFieldIsTheFirstFourBytesOfTheRunningSha1() throws Exception {
        byte[] df = new byte[20];
        Arrays.fill(df, (byte) 0x44);
        CryptState state = new CryptState(new byte[16], df);
        byte[] body = new RelayCell(1, new RelayMsg.Data(new byte[]{5})).encode(padding);
        byte[] zeroed = body.clone();
        state.seal(body);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(df);
        sha1.update(zeroed);
        byte[] expected = sha1.digest();
        assertArrayEquals(Arrays.copyOf(expected, 4), Arrays.copyOfRange(body, 5, 9));
        assertArrayEquals(expected, state.currentDigest());
    }

    /** AES-128-CTR with a zero IV runs on across cells: two bodies = one stream of 1018 bytes. */
    @Test
    void theKeystreamContinuesAcrossCells() throws Exception {
        byte[] key = new byte[16];
        new Random(5).nextBytes(key);
        CryptState state = new CryptState(key, new byte[20]);
        byte[] first = new byte[Cell.PAYLOAD_LEN];
        byte[] second = new byte[Cell.PAYLOAD_LEN];
        state.crypt(first);
        state.crypt(second);
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        byte[] stream = aes.doFinal(new byte[2 * Cell.PAYLOAD_LEN]);
        assertArrayEquals(Arrays.copyOf(stream, Cell.PAYLOAD_LEN), first);
        assertArrayEquals(Arrays.copyOfRange(stream, Cell.PAYLOAD_LEN, stream.length), second);
    }

    /** Passes a body through the relays as the network would; returns the hop that recognized it. */
    private int forward(byte[] body) {
        for (int hop = 0; hop < relays.size(); hop++) {
            if (relays.get(hop).decryptForward(body)) {
                return hop;
            }
        }
        return -1;
    }
}
