package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The payload of a cell, by command (tor-spec 3 and 5; Arti's {@code tor_cell::chancell::msg}).
 * Each message encodes its body only; the encoder pads it to {@link Cell#PAYLOAD_LEN} with zeros.
 */
public sealed interface ChanMsg {

    /** The handshake type of ntor in CREATE2 and EXTEND2 (tor-spec 5.1). */
    int HTYPE_NTOR = 0x0002;

    int command();

    /** Writes the body (without padding) to {@code out}. */
    void encodeBody(ByteBuf out);

    /**
     * Decodes the 509-byte payload of a cell with the given command.
     *
     * @throws CellFormatException with a precise message when the payload breaks tor-spec
     */
    static ChanMsg decode(int command, ByteBuf payload) {
        return switch (command) {
            case CellCommand.PADDING -> new Padding();
            case CellCommand.CREATE2 -> Create2.decode(payload);
            case CellCommand.CREATED2 -> Created2.decode(payload);
            case CellCommand.RELAY -> Relay.decode(payload);
            case CellCommand.DESTROY -> new Destroy(new DestroyReason(payload.readUnsignedByte()));
            default -> new Unknown(command);
        };
    }

    /** Link padding, dropped on receipt. */
    record Padding() implements ChanMsg {
        @Override
        public int command() {
            return CellCommand.PADDING;
        }

        @Override
        public void encodeBody(ByteBuf out) {
        }
    }

    /**
     * CREATE2: {@code HTYPE (2) | HLEN (2) | HDATA (HLEN)} (tor-spec 5.1).
     */
    record Create2(int handshakeType, byte[] handshakeData) implements ChanMsg {

        public static final int MAX_HLEN = Cell.PAYLOAD_LEN - 4;

        public Create2 {
            if (handshakeType < 0 || handshakeType > 0xffff) {
                throw new IllegalArgumentException("handshake type " + handshakeType + " is not two bytes");
            }
            if (handshakeData.length > MAX_HLEN) {
                throw new IllegalArgumentException("CREATE2 handshake length " + handshakeData.length
                        + " exceeds " + MAX_HLEN);
            }
            handshakeData = handshakeData.clone();
        }

        static Create2 decode(ByteBuf payload) {
            int htype = payload.readUnsignedShort();
            int hlen = payload.readUnsignedShort();
            if (hlen > MAX_HLEN) {
                throw new CellFormatException("CREATE2 handshake length " + hlen + " exceeds " + MAX_HLEN);
            }
            byte[] hdata = new byte[hlen];
            payload.readBytes(hdata);
            return new Create2(htype, hdata);
        }

        @Override
        public byte[] handshakeData() {
            return handshakeData.clone();
        }

        @Override
        public int command() {
            return CellCommand.CREATE2;
        }

        @Override
        public void encodeBody(ByteBuf out) {
            out.writeShort(handshakeType).writeShort(handshakeData.length).writeBytes(handshakeData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Create2 other && other.handshakeType == handshakeType
                    && Arrays.equals(other.handshakeData, handshakeData);
        }

        @Override
        public int hashCode() {
            return 31 * handshakeType + Arrays.hashCode(handshakeData);
        }

        @Override
        public String toString() {
            return "CREATE2[htype " + handshakeType + ", hlen " + handshakeData.length + "]";
        }
    }

    /**
     * CREATED2: {@code HLEN (2) | HDATA (HLEN)} (tor-spec 5.1). Its body is also the body of an
     * EXTENDED2 relay message.
     */
    record Created2(byte[] handshakeData) implements ChanMsg {

        public static final int MAX_HLEN = Cell.PAYLOAD_LEN - 2;

        public Created2 {
            if (handshakeData.length > MAX_HLEN) {
                throw new IllegalArgumentException("CREATED2 handshake length " + handshakeData.length
                        + " exceeds " + MAX_HLEN);
            }
            handshakeData = handshakeData.clone();
        }

        static Created2 decode(ByteBuf payload) {
            int hlen = payload.readUnsignedShort();
            if (hlen > MAX_HLEN) {
                throw new CellFormatException("CREATED2 handshake length " + hlen + " exceeds " + MAX_HLEN);
            }
            byte[] hdata = new byte[hlen];
            payload.readBytes(hdata);
            return new Created2(hdata);
        }

        @Override
        public byte[] handshakeData() {
            return handshakeData.clone();
        }

        @Override
        public int command() {
            return CellCommand.CREATED2;
        }

        @Override
        public void encodeBody(ByteBuf out) {
            out.writeShort(handshakeData.length).writeBytes(handshakeData);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Created2 other && Arrays.equals(other.handshakeData, handshakeData);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(handshakeData);
        }

        @Override
        public String toString() {
            return "CREATED2[hlen " + handshakeData.length + "]";
        }
    }

    /**
     * RELAY: the 509-byte relay cell body, encrypted with one layer per remaining hop; opaque to
     * the link. {@link RelayCell} is its plaintext form.
     *
     * <p>Unlike the other messages, a Relay does not copy its array: every relay cell a node
     * passes on is decrypted or encrypted in place, so the body read off one link is the body
     * written to the next. Whoever makes a Relay hands the array over and keeps no use of it.
     */
    record Relay(byte[] body) implements ChanMsg {

        public Relay {
            if (body.length != Cell.PAYLOAD_LEN) {
                throw new IllegalArgumentException("relay cell body is " + body.length + " bytes, not "
                        + Cell.PAYLOAD_LEN);
            }
        }

        static Relay decode(ByteBuf payload) {
            byte[] body = new byte[Cell.PAYLOAD_LEN];
            payload.readBytes(body);
            return new Relay(body);
        }

        /** The body itself, not a copy (see above). */
        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public int command() {
            return CellCommand.RELAY;
        }

        @Override
        public void encodeBody(ByteBuf out) {
            out.writeBytes(body);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Relay other && Arrays.equals(other.body, body);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "RELAY[509 bytes]";
        }
    }

    /** DESTROY: {@code Reason (1)} (tor-spec 5.4). */
    record Destroy(DestroyReason reason) implements ChanMsg {
        @Override
        public int command() {
            return CellCommand.DESTROY;
        }

        @Override
        public void encodeBody(ByteBuf out) {
            out.writeByte(reason.code());
        }

        @Override
        public String toString() {
            return "DESTROY[" + reason + "]";
        }
    }

    /** A fixed-size cell whose command this link does not handle; dropped, as Tor drops it. */
    record Unknown(int command) implements ChanMsg {
        @Override
        public void encodeBody(ByteBuf out) {
        }

        @Override
        public String toString() {
            return "UNKNOWN[command " + CellCommand.describe(command) + "]";
        }
    }
}
