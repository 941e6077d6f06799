package lab.onion.relay.directory;

import lab.onion.directory.v1.Consensus;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes the directory's signatures cover (directory.proto, "Signed encodings"): rebuilt
 * field by field, never protobuf bytes. Integers unsigned big-endian; {@code text} is a u16
 * length and UTF-8; keys are 32 raw bytes.
 */
public final class SignedEncoding {

    static final String DESCRIPTOR_TAG = "onionlab-relay-descriptor-v1";
    static final String HEARTBEAT_TAG = "onionlab-relay-heartbeat-v1";
    static final String CONSENSUS_TAG = "onionlab-consensus-v1";

    private SignedEncoding() {
    }

    /** descriptor-signing-bytes(d): what a relay signs with its identity key to register. */
    public static byte[] descriptorSigningBytes(RelayDescriptor d) {
        Out out = new Out();
        out.text(DESCRIPTOR_TAG);
        relayEntry(out, d);
        return out.bytes();
    }

    /** heartbeat-signing-bytes: what a relay signs with its identity key for a heartbeat. */
    public static byte[] heartbeatSigningBytes(byte[] identityKey, long sentUnixMs) {
        Out out = new Out();
        out.text(HEARTBEAT_TAG);
        out.key(identityKey);
        out.u64(sentUnixMs);
        return out.bytes();
    }

    /** consensus-signing-bytes(c): what the directory signs; relays in list order. */
    public static byte[] consensusSigningBytes(Consensus c) {
        Out out = new Out();
        out.text(CONSENSUS_TAG);
        out.u64(c.getVersion());
        out.u64(c.getValidAfterUnixMs());
        out.u64(c.getFreshUntilUnixMs());
        out.u32(c.getRelaysCount());
        for (RelayDescriptor relay : c.getRelaysList()) {
            relayEntry(out, relay);
        }
        return out.bytes();
    }

    private static void relayEntry(Out out, RelayDescriptor d) {
        out.text(d.getNickname());
        out.text(d.getAddress());
        out.u16(d.getLinkPort());
        out.key(d.getIdentityKey().toByteArray());
        out.key(d.getOnionKey().toByteArray());
        int flags = 0;
        for (RelayFlag flag : d.getFlagsList()) {
            flags |= switch (flag) {
                case RELAY_FLAG_GUARD -> 0x01;
                case RELAY_FLAG_EXIT -> 0x02;
                default -> throw new IllegalArgumentException("relay " + d.getNickname() + ": flag " + flag);
            };
        }
        out.u8(flags);
        out.u16(d.getExitPolicyCount());
        for (String rule : d.getExitPolicyList()) {
            out.text(rule);
        }
        out.u64(d.getPublishedUnixMs());
    }

    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

        void u8(int v) {
            bytes.write(v);
        }

        void u16(long v) {
            if (v < 0 || v > 0xffff) {
                throw new IllegalArgumentException("value " + v + " does not fit in u16");
            }
            bytes.write((int) (v >>> 8));
            bytes.write((int) v);
        }

        void u32(long v) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes.write((int) (v >>> shift));
            }
        }

        void u64(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) (v >>> shift));
            }
        }

        void text(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u16(utf8.length);
            bytes.writeBytes(utf8);
        }

        void key(byte[] key) {
            if (key.length != 32) {
                throw new IllegalArgumentException("key of " + key.length + " bytes (expected: 32)");
            }
            bytes.writeBytes(key);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
