package lab.onion.relay.directory;

import com.google.protobuf.ByteString;
import lab.onion.directory.v1.Consensus;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.crypto.Ed25519;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signed encodings against bytes computed independently: the descriptor is the worked
 * example of directory-service's README; the consensus bytes come from
 * directory-service/examples/consensus_signing_bytes.py on the same fields as JSON.
 */
class SignedEncodingTest {

    /** RFC 8032 test 1 public key and RFC 7748 Alice's public key. */
    static final byte[] IDENTITY = Hex.parse("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    static final byte[] ONION = Hex.parse("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] SECRET = Hex.parse("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    static RelayDescriptor relay1() {
        return RelayDescriptor.newBuilder().setNickname("relay-1").setAddress("10.0.0.5").setLinkPort(9001)
                .setIdentityKey(ByteString.copyFrom(IDENTITY)).setOnionKey(ByteString.copyFrom(ONION))
                .addFlags(RelayFlag.RELAY_FLAG_EXIT).addFlags(RelayFlag.RELAY_FLAG_GUARD)
                .addExitPolicy("accept echo-service:8081").addExitPolicy("reject *:*")
                .setPublishedUnixMs(1700000000000L).build();
    }

    @Test
    void descriptorBytesAreTheReadmesWorkedExample() {
        String expected = "001c6f6e696f6e6c61622d72656c61792d64657363726970746f722d7631"
                + "000772656c61792d31" + "000831302e302e302e35" + "2329"
                + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
                + "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
                + "03" + "0002" + "0018616363657074206563686f2d736572766963653a38303831"
                + "000a72656a656374202a3a2a" + "0000018bcfe56800";
        byte[] bytes = SignedEncoding.descriptorSigningBytes(relay1());
        assertEquals(expected, Hex.of(bytes));
        assertTrue(Hex.of(Ed25519.sign(SECRET, bytes)).startsWith("795a350329c91aca"),
                "the README's signature with the RFC 8032 test 1 key");
    }

    @Test
    void heartbeatBytes() {
        assertEquals("001b6f6e696f6e6c61622d72656c61792d6865617274626561742d7631"
                        + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a" + "0000018bcfe56800",
                Hex.of(SignedEncoding.heartbeatSigningBytes(IDENTITY, 1700000000000L)));
    }

    @Test
    void consensusBytesEqualThePythonEncoders() {
        RelayDescriptor second = RelayDescriptor.newBuilder().setNickname("m").setAddress("127.0.0.1")
                .setLinkPort(5001).setIdentityKey(ByteString.copyFrom(IDENTITY))
                .setOnionKey(ByteString.copyFrom(ONION)).setPublishedUnixMs(1).build();
        Consensus consensus = Consensus.newBuilder().setVersion(57).setValidAfterUnixMs(1732536000123L)
                .setFreshUntilUnixMs(1732536300123L).addRelays(relay1()).addRelays(second).build();
        // python3 examples/consensus_signing_bytes.py < c.json | xxd -p (c.json: these fields)
        String expected = "00156f6e696f6e6c61622d636f6e73656e7375732d763100000000000000390000019363315e7b0000"
                + "01936335f25b00000002000772656c61792d31000831302e302e302e352329d75a980182b10ab7d54bfed3c9"
                + "64073a0ee172f3daa62325af021a68f707511a8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eb"
                + "a4a98eaa9b4e6a0300020018616363657074206563686f2d736572766963653a38303831000a72656a6563"
                + "74202a3a2a0000018bcfe5680000016d00093132372e302e302e311389d75a980182b10ab7d54bfed3c96407"
                + "3a0ee172f3daa62325af021a68f707511a8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a9"
                + "8eaa9b4e6a0000000000000000000001";
        assertEquals(expected, Hex.of(SignedEncoding.consensusSigningBytes(consensus)));
    }
}
