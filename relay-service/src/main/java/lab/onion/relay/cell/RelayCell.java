package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.random.RandomGenerator;

/**
 * The plaintext of a RELAY cell's 509-byte body (tor-spec 6.1):
 * {@code Command (1) | Recognized (2) | StreamID (2) | Digest (4) | Length (2) | Data (498)}.
 *
 * <p>Recognized and Digest belong to the relay crypto ({@code crypto.RelayCrypto}): encoding
 * leaves both zero, decoding ignores them.
 *
 * @param streamId the stream, 0 for messages about the whole circuit
 * @param msg      the message
 */
public record RelayCell(int streamId, RelayMsg msg) {

    public static final int HEADER_LEN = 11;
    public static final int MAX_DATA_LEN = Cell.PAYLOAD_LEN - HEADER_LEN;

    public static final int OFFSET_COMMAND = 0;
    public static final int OFFSET_RECOGNIZED = 1;
    public static final int OFFSET_STREAM_ID = 3;
    public static final int OFFSET_DIGEST = 5;
    public static final int OFFSET_LENGTH = 9;
    public static final int DIGEST_LEN = 4;

    /** Unused bytes start with this many zeros, then random bytes (tor-spec 6.1, proposal 289). */
    private static final int ZERO_PADDING = 4;

    public RelayCell {
        if (streamId < 0 || streamId > 0xffff) {
            throw new IllegalArgumentException("stream ID " + streamId + " is not two bytes");
        }
        String problem = streamIdProblem(msg.command(), streamId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * The 509-byte body: header with Recognized and Digest zero, the data, then padding of four
     * zero bytes followed by bytes from {@code padding} (unpredictable in production, {@link
     * lab.onion.relay.crypto.CellPadding}, so that a SENDME's digest cannot be predicted).
     */
    public byte[] encode(RandomGenerator padding) {
        byte[] body = new byte[Cell.PAYLOAD_LEN];
        ByteBuf out = Unpooled.wrappedBuffer(body);
        out.writerIndex(HEADER_LEN);
        msg.encode(out);
        int length = out.writerIndex() - HEADER_LEN;
        if (length > MAX_DATA_LEN) {
            throw new IllegalArgumentException("relay message length " + length + " exceeds " + MAX_DATA_LEN);
        }
        out.writerIndex(0);
        out.writeByte(msg.command()).writeShort(0).writeShort(streamId).writeInt(0).writeShort(length);
        for (int i = HEADER_LEN + length + ZERO_PADDING; i < body.length; ) {
            long random = padding.nextLong();
            for (int b = 0; b < Long.BYTES && i < body.length; b++, random >>>= 8) {
                body[i++] = (byte) random;
            }
        }
        return body;
    }

    /**
     * Decodes a decrypted, recognized body.
     *
     * @throws CellFormatException with a precise message when the body breaks tor-spec
     */
    public static RelayCell decode(byte[] body) {
        if (body.length != Cell.PAYLOAD_LEN) {
            throw new CellFormatException("relay cell body is " + body.length + " bytes, not " + Cell.PAYLOAD_LEN);
        }
        ByteBuf in = Unpooled.wrappedBuffer(body);
        int command = in.readUnsignedByte();
        in.skipBytes(2); // recognized
        int streamId = in.readUnsignedShort();
        in.skipBytes(DIGEST_LEN);
        int length = in.readUnsignedShort();
        if (length > MAX_DATA_LEN) {
            throw new CellFormatException("relay message length " + length + " exceeds " + MAX_DATA_LEN);
        }
        String problem = streamIdProblem(command, streamId);
        if (problem != null) {
            throw new CellFormatException(problem);
        }
        return new RelayCell(streamId, RelayMsg.decode(command, in.readSlice(length)));
    }

    private static String streamIdProblem(int command, int streamId) {
        return switch (RelayCommand.streamIdRule(command)) {
            case ZERO -> streamId == 0 ? null
                    : "RELAY_" + RelayCommand.name(command) + " with stream ID " + streamId + " (must be 0)";
            case NONZERO -> streamId != 0 ? null
                    : "RELAY_" + RelayCommand.name(command) + " with stream ID 0";
            case ANY -> null;
        };
    }

    @Override
    public String toString() {
        return "RelayCell[stream " + streamId + " " + msg + "]";
    }
}
