package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The data of a relay message, by relay command (tor-spec 5.1.2, 6, 7; Arti's
 * {@code tor_cell::relaycell::msg}). {@link RelayCell} adds the stream ID and the header.
 */
public sealed interface RelayMsg {

    int command();

    /** Writes the message's data (at most {@link RelayCell#MAX_DATA_LEN} bytes). */
    void encode(ByteBuf out);

    /**
     * Decodes the {@code data} of a relay message with the given command.
     *
     * @throws CellFormatException with a precise message when the data breaks tor-spec
     */
    static RelayMsg decode(int command, ByteBuf data) {
        return switch (command) {
            case RelayCommand.BEGIN -> Begin.decode(data);
            case RelayCommand.DATA -> new Data(bytes(data, data.readableBytes()));
            case RelayCommand.END -> End.decode(data);
            case RelayCommand.CONNECTED -> Connected.decode(data);
            case RelayCommand.SENDME -> Sendme.decode(data);
            case RelayCommand.EXTEND2 -> Extend2.decode(data);
            case RelayCommand.EXTENDED2 -> Extended2.decode(data);
            case RelayCommand.TRUNCATE -> new Truncate();
            case RelayCommand.TRUNCATED -> new Truncated(data.isReadable()
                    ? new DestroyReason(data.readUnsignedByte()) : DestroyReason.NONE);
            case RelayCommand.DROP -> new Drop();
            default -> new Unrecognized(command, bytes(data, data.readableBytes()));
        };
    }

    private static byte[] bytes(ByteBuf data, int length) {
        byte[] bytes = new byte[length];
        data.readBytes(bytes);
        return bytes;
    }

    private static InetAddress inetAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("raw address of 4 or 16 bytes", e);
        }
    }

    /**
     * BEGIN: {@code ADDRPORT [nul-terminated string] | FLAGS [4 bytes]}, ADDRPORT being
     * {@code host:port}; the host is a DNS name, a dotted quad or a bracketed IPv6 address
     * (tor-spec 6.2). Hosts are kept in lower case ("SHOULD be sent in lower case").
     */
    record Begin(String host, int port, int flags) implements RelayMsg {

        public Begin {
            host = host.toLowerCase(Locale.ROOT);
            String problem = hostProblem(host);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("BEGIN port " + port + " is not in 1..65535");
            }
            int length = (host + ":" + port).length() + 1 + 4;
            if (length > RelayCell.MAX_DATA_LEN) {
                throw new IllegalArgumentException("BEGIN address of " + length + " bytes exceeds "
                        + RelayCell.MAX_DATA_LEN);
            }
        }

        public Begin(String host, int port) {
            this(host, port, 0);
        }

        static Begin decode(ByteBuf data) {
            int nul = data.indexOf(data.readerIndex(), data.writerIndex(), (byte) 0);
            if (nul < 0) {
                throw new CellFormatException("BEGIN address is not NUL-terminated");
            }
            byte[] raw = bytes(data, nul - data.readerIndex());
            data.skipBytes(1);
            for (byte b : raw) {
                if (b < 0x21 || b > 0x7e) {
                    throw new CellFormatException(String.format("BEGIN address has the byte 0x%02x, "
                            + "not a printable ASCII character", b & 0xff));
                }
            }
            String addrPort = new String(raw, StandardCharsets.US_ASCII);
            int colon = addrPort.lastIndexOf(':');
            if (colon < 0) {
                throw new CellFormatException("BEGIN address \"" + addrPort + "\" has no port");
            }
            String host = addrPort.substring(0, colon);
            String portText = addrPort.substring(colon + 1);
            String problem = hostProblem(host);
            if (problem != null) {
                throw new CellFormatException(problem);
            }
            int port = parsePort(portText);
            int flags = data.readableBytes() >= 4 ? data.readInt() : 0;
            return new Begin(host, port, flags);
        }

        private static int parsePort(String text) {
            if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new CellFormatException("BEGIN port \"" + text + "\" is not a decimal number");
            }
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new CellFormatException("BEGIN port " + port + " is not in 1..65535");
            }
            return port;
        }

        private static String hostProblem(String host) {
            if (host.isEmpty()) {
                return "BEGIN address has an empty host";
            }
            if (host.startsWith("[")) {
                return host.endsWith("]") && host.length() > 2 ? null
                        : "BEGIN IPv6 address \"" + host + "\" is not in brackets";
            }
            if (host.indexOf(':') >= 0) {
                return "BEGIN host \"" + host + "\" has a ':' outside IPv6 brackets";
            }
            if (host.indexOf(0) >= 0) {
                return "BEGIN host contains a NUL";
            }
            return null;
        }

        @Override
        public int command() {
            return RelayCommand.BEGIN;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeCharSequence(host + ":" + port, StandardCharsets.US_ASCII);
            out.writeByte(0).writeInt(flags);
        }

        @Override
        public String toString() {
            return "BEGIN[" + host + ":" + port + (flags != 0 ? ", flags " + flags : "") + "]";
        }
    }

    /**
     * DATA: up to 498 bytes of the stream. Like {@link ChanMsg.Relay}, and for the same reason
     * (every byte of every stream passes through here), it does not copy its array: whoever makes
     * one hands the array over.
     */
    record Data(byte[] data) implements RelayMsg {
        public Data {
            if (data.length > RelayCell.MAX_DATA_LEN) {
                throw new IllegalArgumentException("DATA of " + data.length + " bytes exceeds "
                        + RelayCell.MAX_DATA_LEN);
            }
        }

        /** The bytes themselves, not a copy. */
        @Override
        public byte[] data() {
            return data;
        }

        public int length() {
            return data.length;
        }

        @Override
        public int command() {
            return RelayCommand.DATA;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeBytes(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data other && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "DATA[" + data.length + " bytes]";
        }
    }

    /**
     * END: {@code Reason (1)}, and for EXITPOLICY {@code address (4 or 16) | TTL (4)}
     * (tor-spec 6.3). An empty END means MISC.
     *
     * @param address for EXITPOLICY, the address that was refused; otherwise null
     * @param ttl     seconds the address may be cached (only with an address)
     */
    record End(EndReason reason, InetAddress address, long ttl) implements RelayMsg {

        public End {
            if (address != null && reason.code() != EndReason.EXITPOLICY.code()) {
                throw new IllegalArgumentException("only END EXITPOLICY carries an address");
            }
        }

        public End(EndReason reason) {
            this(reason, null, 0);
        }

        static End decode(ByteBuf data) {
            if (!data.isReadable()) {
                return new End(EndReason.MISC);
            }
            EndReason reason = new EndReason(data.readUnsignedByte());
            int rest = data.readableBytes();
            if (reason.code() == EndReason.EXITPOLICY.code() && (rest == 4 || rest == 8 || rest == 16 || rest == 20)) {
                InetAddress address = inetAddress(bytes(data, rest >= 16 ? 16 : 4));
                long ttl = data.readableBytes() >= 4 ? data.readUnsignedInt() : 0xffffffffL;
                return new End(reason, address, ttl);
            }
            // "If the address is absent or is the wrong length, the RELAY_END message should be
            // processed anyway."
            return new End(reason);
        }

        @Override
        public int command() {
            return RelayCommand.END;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(reason.code());
            if (address != null) {
                out.writeBytes(address.getAddress()).writeInt((int) ttl);
            }
        }

        @Override
        public String toString() {
            return "END[" + reason + (address != null ? " " + address.getHostAddress() : "") + "]";
        }
    }

    /**
     * CONNECTED: empty, or {@code IPv4 (4) | TTL (4)}, or
     * {@code 0 (4) | 6 (1) | IPv6 (16) | TTL (4)} (tor-spec 6.2).
     *
     * @param address the address the exit connected to, or null (empty CONNECTED)
     */
    record Connected(InetAddress address, long ttl) implements RelayMsg {

        static Connected decode(ByteBuf data) {
            int length = data.readableBytes();
            if (length == 0) {
                return new Connected(null, 0);
            }
            if (length == 8) {
                InetAddress address = inetAddress(bytes(data, 4));
                return new Connected(address, data.readUnsignedInt());
            }
            if (length == 25 && data.getInt(data.readerIndex()) == 0 && data.getByte(data.readerIndex() + 4) == 6) {
                data.skipBytes(5);
                InetAddress address = inetAddress(bytes(data, 16));
                return new Connected(address, data.readUnsignedInt());
            }
            throw new CellFormatException("CONNECTED body of " + length
                    + " bytes is neither empty, IPv4 and TTL (8) nor IPv6 and TTL (25)");
        }

        @Override
        public int command() {
            return RelayCommand.CONNECTED;
        }

        @Override
        public void encode(ByteBuf out) {
            if (address instanceof Inet4Address) {
                out.writeBytes(address.getAddress()).writeInt((int) ttl);
            } else if (address instanceof Inet6Address) {
                out.writeInt(0).writeByte(6).writeBytes(address.getAddress()).writeInt((int) ttl);
            }
        }

        @Override
        public String toString() {
            return "CONNECTED[" + (address != null ? address.getHostAddress() : "") + "]";
        }
    }

    /**
     * SENDME (tor-spec 7.3.1): empty or {@code VERSION (1) | DATA_LEN (2) | DATA}; version 1
     * ("authenticated SENDME") carries the 20-byte running digest of the DATA cell that
     * triggered it. Stream-level SENDMEs are empty.
     *
     * @param version 0 or 1 (others are kept: the circuit decides to tear down)
     * @param digest  20 bytes for version 1, empty otherwise
     */
    record Sendme(int version, byte[] digest) implements RelayMsg {

        public static final int DIGEST_LEN = 20;

        public Sendme {
            if (version == 1 && digest.length != DIGEST_LEN) {
                throw new IllegalArgumentException("SENDME v1 digest is " + digest.length + " bytes, not 20");
            }
            digest = digest.clone();
        }

        /** An empty (version 0) SENDME, as on streams. */
        public static Sendme empty() {
            return new Sendme(0, new byte[0]);
        }

        public static Sendme authenticated(byte[] digest) {
            return new Sendme(1, digest);
        }

        static Sendme decode(ByteBuf data) {
            if (!data.isReadable()) {
                return empty();
            }
            int version = data.readUnsignedByte();
            if (version == 0) {
                return empty();
            }
            if (data.readableBytes() < 2) {
                throw new CellFormatException("SENDME v" + version + " has no DATA_LEN");
            }
            int dataLen = data.readUnsignedShort();
            if (dataLen > data.readableBytes()) {
                throw new CellFormatException("SENDME data length " + dataLen + " exceeds the "
                        + data.readableBytes() + " bytes present");
            }
            if (version != 1) {
                return new Sendme(version, new byte[0]);
            }
            if (dataLen < DIGEST_LEN) {
                throw new CellFormatException("SENDME v1 data length " + dataLen + " is shorter than 20");
            }
            return new Sendme(1, bytes(data, DIGEST_LEN));
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        @Override
        public int command() {
            return RelayCommand.SENDME;
        }

        @Override
        public void encode(ByteBuf out) {
            if (version == 1) {
                out.writeByte(1).writeShort(DIGEST_LEN).writeBytes(digest);
            } else if (version != 0) {
                out.writeByte(version).writeShort(0);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sendme other && other.version == version && Arrays.equals(other.digest, digest);
        }

        @Override
        public int hashCode() {
            return 31 * version + Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return "SENDME[v" + version + "]";
        }
    }

    /**
     * EXTEND2 (tor-spec 5.1.2): {@code NSPEC (1) | NSPEC x (LSTYPE | LSLEN | LSPEC) |
     * HTYPE (2) | HLEN (2) | HDATA}.
     */
    record Extend2(List<LinkSpecifier> linkSpecifiers, int handshakeType, byte[] handshakeData)
            implements RelayMsg {

        public Extend2 {
            linkSpecifiers = List.copyOf(linkSpecifiers);
            if (linkSpecifiers.size() > 0xff) {
                throw new IllegalArgumentException("EXTEND2 with " + linkSpecifiers.size() + " link specifiers");
            }
            if (handshakeType < 0 || handshakeType > 0xffff) {
                throw new IllegalArgumentException("handshake type " + handshakeType + " is not two bytes");
            }
            handshakeData = handshakeData.clone();
        }

        static Extend2 decode(ByteBuf data) {
            if (!data.isReadable()) {
                throw new CellFormatException("EXTEND2 is empty");
            }
            int nspec = data.readUnsignedByte();
            List<LinkSpecifier> specs = new ArrayList<>(nspec);
            boolean legacy = false;
            boolean ed25519 = false;
            for (int i = 0; i < nspec; i++) {
                if (data.readableBytes() < 2) {
                    throw new CellFormatException("EXTEND2 ends inside link specifier " + (i + 1) + " of " + nspec);
                }
                int type = data.readUnsignedByte();
                int length = data.readUnsignedByte();
                if (length > data.readableBytes()) {
                    throw new CellFormatException("EXTEND2 link specifier " + (i + 1) + " length " + length
                            + " exceeds the " + data.readableBytes() + " bytes left");
                }
                LinkSpecifier spec = LinkSpecifier.decode(type, bytes(data, length));
                if (spec instanceof LinkSpecifier.LegacyId) {
                    if (legacy) {
                        throw new CellFormatException("EXTEND2 lists more than one legacy identity");
                    }
                    legacy = true;
                } else if (spec instanceof LinkSpecifier.Ed25519Id) {
                    if (ed25519) {
                        throw new CellFormatException("EXTEND2 lists more than one Ed25519 identity");
                    }
                    ed25519 = true;
                }
                specs.add(spec);
            }
            if (data.readableBytes() < 4) {
                throw new CellFormatException("EXTEND2 ends before its handshake type and length");
            }
            int htype = data.readUnsignedShort();
            int hlen = data.readUnsignedShort();
            if (hlen > data.readableBytes()) {
                throw new CellFormatException("EXTEND2 handshake length " + hlen + " exceeds the "
                        + data.readableBytes() + " bytes left");
            }
            return new Extend2(specs, htype, bytes(data, hlen));
        }

        @Override
        public byte[] handshakeData() {
            return handshakeData.clone();
        }

        /** The first specifier of the given class, or null. */
        public <T extends LinkSpecifier> T first(Class<T> type) {
            for (LinkSpecifier spec : linkSpecifiers) {
                if (type.isInstance(spec)) {
                    return type.cast(spec);
                }
            }
            return null;
        }

        @Override
        public int command() {
            return RelayCommand.EXTEND2;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(linkSpecifiers.size());
            for (LinkSpecifier spec : linkSpecifiers) {
                spec.encode(out);
            }
            out.writeShort(handshakeType).writeShort(handshakeData.length).writeBytes(handshakeData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extend2 other && other.linkSpecifiers.equals(linkSpecifiers)
                    && other.handshakeType == handshakeType && Arrays.equals(other.handshakeData, handshakeData);
        }

        @Override
        public int hashCode() {
            return linkSpecifiers.hashCode() * 31 + Arrays.hashCode(handshakeData);
        }

        @Override
        public String toString() {
            return "EXTEND2[" + linkSpecifiers + ", htype " + handshakeType + ", hlen " + handshakeData.length + "]";
        }
    }

    /** EXTENDED2: the body of the CREATED2 that the next hop answered, {@code HLEN (2) | HDATA}. */
    record Extended2(byte[] handshakeData) implements RelayMsg {

        public Extended2 {
            handshakeData = handshakeData.clone();
        }

        static Extended2 decode(ByteBuf data) {
            if (data.readableBytes() < 2) {
                throw new CellFormatException("EXTENDED2 ends before its handshake length");
            }
            int hlen = data.readUnsignedShort();
            if (hlen > data.readableBytes()) {
                throw new CellFormatException("EXTENDED2 handshake length " + hlen + " exceeds the "
                        + data.readableBytes() + " bytes left");
            }
            return new Extended2(bytes(data, hlen));
        }

        @Override
        public byte[] handshakeData() {
            return handshakeData.clone();
        }

        @Override
        public int command() {
            return RelayCommand.EXTENDED2;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeShort(handshakeData.length).writeBytes(handshakeData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended2 other && Arrays.equals(other.handshakeData, handshakeData);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(handshakeData);
        }

        @Override
        public String toString() {
            return "EXTENDED2[hlen " + handshakeData.length + "]";
        }
    }

    /** TRUNCATE: empty; the receiving hop destroys the rest of the circuit. */
    record Truncate() implements RelayMsg {
        @Override
        public int command() {
            return RelayCommand.TRUNCATE;
        }

        @Override
        public void encode(ByteBuf out) {
        }
    }

    /** TRUNCATED: {@code Reason (1)}, a destroy reason. */
    record Truncated(DestroyReason reason) implements RelayMsg {
        @Override
        public int command() {
            return RelayCommand.TRUNCATED;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeByte(reason.code());
        }
    }

    /** DROP: long-range padding, dropped by its recipient. */
    record Drop() implements RelayMsg {
        @Override
        public int command() {
            return RelayCommand.DROP;
        }

        @Override
        public void encode(ByteBuf out) {
        }
    }

    /**
     * A relay command this implementation does not handle: "the cell must be dropped and
     * ignored", though it still counts for the digests.
     */
    record Unrecognized(int command, byte[] data) implements RelayMsg {
        public Unrecognized {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeBytes(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unrecognized other && other.command == command && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * command + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "UNRECOGNIZED[command " + command + " (" + RelayCommand.name(command) + "), "
                    + data.length + " bytes]";
        }
    }
}
