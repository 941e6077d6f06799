package lab.onion.directory.consensus;

import com.fasterxml.jackson.databind.ObjectMapper;
import lab.onion.directory.crypto.Ed25519;
import lab.onion.directory.descriptor.RelayDescriptor;
import lab.onion.directory.descriptor.RelayFlag;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's side: a consensus verifies with the pinned key only, through JSON and back. */
class ConsensusVerifierTest {

    private static final Ed25519.RawKeyPair DIRECTORY = Ed25519.generate();
    private final ObjectMapper json = new ObjectMapper();

    private static RelayDescriptor relay(String nickname, EnumSet<RelayFlag> flags, List<String> policy) {
        return new RelayDescriptor(nickname, "10.0.0.7", 9001, Ed25519.generate().publicKey(), Ed25519.generate().publicKey(),
                flags, policy, 1_700_000_000_000L);
    }

    private static SignedConsensus signed() {
        List<RelayDescriptor> relays = new java.util.ArrayList<>(List.of(
                relay("guard", EnumSet.of(RelayFlag.GUARD), List.of()),
                relay("middle", EnumSet.noneOf(RelayFlag.class), List.of("reject *:*")),
                relay("exit", EnumSet.of(RelayFlag.EXIT), List.of("accept echo-service:8081", "reject *:*"))));
        relays.sort(Consensus.ORDER);
        Consensus consensus = new Consensus(42, 1_700_000_001_000L, 1_700_000_301_000L, relays);
        return new SignedConsensus(consensus, Ed25519.sign(DIRECTORY.seed(), consensus.signingBytes()));
    }

    @Test
    void verifiesWithThePinnedKeyAndNoOther() {
        SignedConsensus signed = signed();
        assertTrue(new ConsensusVerifier(DIRECTORY.publicKey()).verifies(signed.consensus(), signed.signature()));
        assertFalse(new ConsensusVerifier(Ed25519.generate().publicKey()).verifies(signed.consensus(), signed.signature()));
    }

    @Test
    void everySingleByteChangeOfTheSignedEncodingFails() {
        SignedConsensus signed = signed();
        ConsensusVerifier verifier = new ConsensusVerifier(DIRECTORY.publicKey());
        byte[] bytes = signed.consensus().signingBytes();
        assertTrue(verifier.verifies(bytes, signed.signature()));
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] = (byte) (changed[i] + 1);
            assertFalse(verifier.verifies(changed, signed.signature()), "byte " + i + " of " + bytes.length);
        }
    }

    @Test
    void jsonRoundTripVerifies() throws Exception {
        SignedConsensus signed = signed();
        String text = json.writeValueAsString(ConsensusDocument.of(signed));

        Consensus back = ConsensusVerifier.pinning(Base64.getEncoder().encodeToString(DIRECTORY.publicKey()))
                .verify(json.readValue(text, ConsensusDocument.class));

        assertEquals(42, back.version());
        assertEquals(3, back.relays().size());
        assertTrue(text.contains("\"flags\":[\"Exit\"]"), text);
    }

    @Test
    void tamperedJsonFieldsFail() throws Exception {
        String text = json.writeValueAsString(ConsensusDocument.of(signed()));
        ConsensusVerifier verifier = new ConsensusVerifier(DIRECTORY.publicKey());
        List<String> tampered = List.of(
                text.replace("\"version\":42", "\"version\":43"),
                text.replace("\"linkPort\":9001", "\"linkPort\":9002"),
                text.replace("accept echo-service:8081", "accept *:*"),
                text.replace("\"flags\":[\"Exit\"]", "\"flags\":[\"Guard\",\"Exit\"]"),
                text.replace("\"nickname\":\"middle\"", "\"nickname\":\"Middle\""),
                text.replace("\"freshUntilUnixMs\":1700000301000", "\"freshUntilUnixMs\":1800000301000"));
        for (String changed : tampered) {
            assertFalse(changed.equals(text), "the replacement must apply");
            ConsensusDocument document = json.readValue(changed, ConsensusDocument.class);
            assertThrows(ConsensusVerifier.InvalidConsensusException.class, () -> verifier.verify(document), changed);
        }
        ConsensusDocument unknownFlag = json.readValue(text.replace("\"Guard\"", "\"Fast\""), ConsensusDocument.class);
        assertThrows(ConsensusVerifier.InvalidConsensusException.class, () -> verifier.verify(unknownFlag));
    }

    @Test
    void freshness() {
        Consensus c = signed().consensus();
        assertTrue(ConsensusVerifier.isFresh(c, c.validAfterUnixMs()));
        assertTrue(ConsensusVerifier.isFresh(c, c.freshUntilUnixMs() - 1));
        assertFalse(ConsensusVerifier.isFresh(c, c.freshUntilUnixMs()));
    }
}
