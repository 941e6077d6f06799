package lab.onion.directory.descriptor;

import lab.onion.directory.consensus.Consensus;
import lab.onion.directory.crypto.Ed25519;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signed encodings pinned byte for byte. The expected bytes were produced from the
 * documentation (directory.proto, README) by an independent Python encoder, and the expected
 * signature by {@code openssl pkeyutl -sign -rawin}, so this test holds the code to the document.
 */
class SignedEncodingTest {

    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032 7.1 TEST 1. */
    static final byte[] SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] IDENTITY = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    /** RFC 7748 6.1, Alice's X25519 public key. */
    static final byte[] ONION = HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    static final String RELAY_ENTRY_HEX =
            "000772656c61792d31"                                                     // text("relay-1")
            + "000831302e302e302e35"                                                 // text("10.0.0.5")
            + "2329"                                                                 // u16 9001
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"     // identity key
            + "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"     // onion key
            + "03"                                                                   // Guard | Exit
            + "0002"                                                                 // two rules
            + "0018616363657074206563686f2d736572766963653a38303831"                 // text("accept echo-service:8081")
            + "000a72656a656374202a3a2a"                                             // text("reject *:*")
            + "0000018bcfe56800";                                                    // u64 1700000000000

    static RelayDescriptor example() {
        return new RelayDescriptor("relay-1", "10.0.0.5", 9001, IDENTITY, ONION, EnumSet.of(RelayFlag.EXIT, RelayFlag.GUARD),
                List.of("accept echo-service:8081", "reject *:*"), 1_700_000_000_000L);
    }

    @Test
    void descriptorSigningBytes() {
        assertEquals("001c" + HEX.formatHex("onionlab-relay-descriptor-v1".getBytes()) + RELAY_ENTRY_HEX,
                HEX.formatHex(example().signingBytes()));
    }

    @Test
    void descriptorSignatureMatchesOpenssl() {
        byte[] signature = Ed25519.sign(SEED, example().signingBytes());
        assertEquals("795a350329c91aca3b10b9eb4952f418a95eb5eb129f029386a4968c80d3c1aa"
                + "098e5da781f5f269ecf9ed043f32c9afc200e9a8c29079762c97b7ad0491a40b", HEX.formatHex(signature));
        assertTrue(Ed25519.verify(IDENTITY, example().signingBytes(), signature));
    }

    @Test
    void heartbeatSigningBytes() {
        assertEquals("001b6f6e696f6e6c61622d72656c61792d6865617274626561742d7631"
                        + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
                        + "0000018bcfe569f4",
                HEX.formatHex(Heartbeat.signingBytes(IDENTITY, 1_700_000_000_500L)));
    }

    @Test
    void consensusSigningBytes() {
        Consensus consensus = new Consensus(7, 1_700_000_001_000L, 1_700_000_301_000L, List.of(example()));
        assertEquals("0015" + HEX.formatHex("onionlab-consensus-v1".getBytes())
                        + "0000000000000007" + "0000018bcfe56be8" + "0000018bcfe9ffc8" + "00000001" + RELAY_ENTRY_HEX,
                HEX.formatHex(consensus.signingBytes()));
    }

    @Test
    void everyFieldIsCovered() {
        RelayDescriptor d = example();
        byte[] base = d.signingBytes();
        List<RelayDescriptor> variants = List.of(
                new RelayDescriptor("relay-2", d.address(), d.linkPort(), d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), "10.0.0.6", d.linkPort(), d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), d.address(), 9002, d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), Ed25519.generate().publicKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), d.identityKey(), IDENTITY, d.flags(), d.exitPolicy(), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), d.identityKey(), d.onionKey(), EnumSet.of(RelayFlag.EXIT), d.exitPolicy(), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), d.identityKey(), d.onionKey(), d.flags(), List.of("reject *:*", "accept echo-service:8081"), d.publishedUnixMs()),
                new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs() + 1));
        for (RelayDescriptor variant : variants) {
            assertFalse(java.util.Arrays.equals(base, variant.signingBytes()), variant.toString());
        }
    }

    @Test
    void signatureRoundTripAndEverySingleByteChangeFails() {
        Ed25519.RawKeyPair relay = Ed25519.generate();
        RelayDescriptor d = new RelayDescriptor("relay-9", "10.0.0.9", 9009, relay.publicKey(), ONION,
                EnumSet.of(RelayFlag.GUARD), List.of(), System.currentTimeMillis());
        byte[] bytes = d.signingBytes();
        byte[] signature = Ed25519.sign(relay.seed(), bytes);
        assertTrue(Ed25519.verify(relay.publicKey(), bytes, signature));
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 0x01;
            assertFalse(Ed25519.verify(relay.publicKey(), changed, signature), "byte " + i + " changed");
        }
    }
}
