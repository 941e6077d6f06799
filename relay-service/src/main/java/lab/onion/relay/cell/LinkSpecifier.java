package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * How an EXTEND2 names the next hop (tor-spec 5.1.2): {@code LSTYPE (1) | LSLEN (1) | LSPEC}.
 * Unrecognized types are kept and re-encoded unchanged ("Nodes MUST ignore unrecognized
 * specifiers").
 */
public sealed interface LinkSpecifier {

    int TYPE_IPV4 = 0;
    int TYPE_IPV6 = 1;
    int TYPE_LEGACY_ID = 2;
    int TYPE_ED25519_ID = 3;

    int type();

    /** Writes {@code LSTYPE | LSLEN | LSPEC}. */
    void encode(ByteBuf out);

    static LinkSpecifier decode(int type, byte[] spec) {
        return switch (type) {
            case TYPE_IPV4 -> {
                requireLength("IPv4", spec, 6);
                yield new Ipv4(address(Arrays.copyOfRange(spec, 0, 4)), port(spec, 4));
            }
            case TYPE_IPV6 -> {
                requireLength("IPv6", spec, 18);
                yield new Ipv6(address(Arrays.copyOfRange(spec, 0, 16)), port(spec, 16));
            }
            case TYPE_LEGACY_ID -> {
                requireLength("legacy identity", spec, 20);
                yield new LegacyId(spec);
            }
            case TYPE_ED25519_ID -> {
                requireLength("Ed25519 identity", spec, 32);
                yield new Ed25519Id(spec);
            }
            default -> new Unrecognized(type, spec);
        };
    }

    private static void requireLength(String what, byte[] spec, int expected) {
        if (spec.length != expected) {
            throw new CellFormatException("link specifier " + what + " has length " + spec.length + ", not "
                    + expected);
        }
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("raw address of 4 or 16 bytes", e);
        }
    }

    private static int port(byte[] spec, int offset) {
        return ((spec[offset] & 0xff) << 8) | (spec[offset + 1] & 0xff);
    }

    /** [00] TLS-over-TCP, IPv4: four-byte address and two-byte port. */
    record Ipv4(InetAddress address, int port) implements LinkSpecifier {
        public Ipv4 {
            if (!(address instanceof Inet4Address)) {
                throw new IllegalArgumentException(address + " is not an IPv4 address");
            }
            checkPort(port);
        }

        @Override
        public int type() {
            return TYPE_IPV4;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(TYPE_IPV4).writeByte(6).writeBytes(address.getAddress()).writeShort(port);
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    /** [01] TLS-over-TCP, IPv6: sixteen-byte address and two-byte port. */
    record Ipv6(InetAddress address, int port) implements LinkSpecifier {
        public Ipv6 {
            if (!(address instanceof Inet6Address)) {
                throw new IllegalArgumentException(address + " is not an IPv6 address");
            }
            checkPort(port);
        }

        @Override
        public int type() {
            return TYPE_IPV6;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(TYPE_IPV6).writeByte(18).writeBytes(address.getAddress()).writeShort(port);
        }

        @Override
        public String toString() {
            return "[" + address.getHostAddress() + "]:" + port;
        }
    }

    /** [02] Legacy identity: 20 bytes, in the lab the SHA-1 of the relay's Ed25519 identity key. */
    record LegacyId(byte[] id) implements LinkSpecifier {
        public LegacyId {
            if (id.length != 20) {
                throw new IllegalArgumentException("legacy identity is " + id.length + " bytes, not 20");
            }
            id = id.clone();
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public int type() {
            return TYPE_LEGACY_ID;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(TYPE_LEGACY_ID).writeByte(20).writeBytes(id);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LegacyId other && Arrays.equals(other.id, id);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return "legacy-id " + Hex.of(id);
        }
    }

    /** [03] Ed25519 identity: the relay's 32-byte Ed25519 identity public key. */
    record Ed25519Id(byte[] key) implements LinkSpecifier {
        public Ed25519Id {
            if (key.length != 32) {
                throw new IllegalArgumentException("Ed25519 identity is " + key.length + " bytes, not 32");
            }
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public int type() {
            return TYPE_ED25519_ID;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(TYPE_ED25519_ID).writeByte(32).writeBytes(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ed25519Id other && Arrays.equals(other.key, key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "ed25519-id " + Hex.of(key);
        }
    }

    /** A specifier type this implementation does not know, carried unchanged. */
    record Unrecognized(int type, byte[] spec) implements LinkSpecifier {
        public Unrecognized {
            if (type < 0 || type > 0xff || spec.length > 0xff) {
                throw new IllegalArgumentException("link specifier type " + type + " with " + spec.length
                        + " bytes does not fit LSTYPE/LSLEN");
            }
            spec = spec.clone();
        }

        @Override
        public byte[] spec() {
            return spec.clone();
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(type).writeByte(spec.length).writeBytes(spec);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unrecognized other && other.type == type && Arrays.equals(other.spec, spec);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(spec);
        }

        @Override
        public String toString() {
            return "link-specifier type " + type + " (" + spec.length + " bytes)";
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }
}
