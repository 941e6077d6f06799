package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames a link's byte stream into fixed 514-byte cells and decodes each into a {@link Cell},
 * or into a {@link MalformedCell} that says what is wrong with it. Lab links carry fixed-size
 * cells from their first byte (ARCHITECTURE.md): a variable-length command (VERSIONS, CERTS...)
 * means the peer speaks another protocol, the framing is lost, and the decoder stops reading.
 */
public final class CellDecoder extends ByteToMessageDecoder {

    private enum State { READ_CELL, FAILURE }

    private State state = State.READ_CELL;
    private boolean first = true;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case READ_CELL -> {
                if (first && in.readableBytes() >= 3) {
                    first = false;
                    if (in.getUnsignedShort(in.readerIndex()) == 0
                            && in.getUnsignedByte(in.readerIndex() + 2) == CellCommand.VERSIONS) {
                        // Tor opens every link with VERSIONS on a 2-byte circuit ID, and waits.
                        out.add(new MalformedCell(0, CellCommand.VERSIONS, "a Tor VERSIONS cell: the peer speaks "
                                + "Tor's link handshake, which lab links do not have", true));
                        state = State.FAILURE;
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                }
                while (in.readableBytes() >= Cell.CELL_LEN) {
                    Object decoded = decodeOne(in);
                    out.add(decoded);
                    if (decoded instanceof MalformedCell malformed && malformed.fatal()) {
                        state = State.FAILURE;
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                }
            }
            case FAILURE -> in.skipBytes(in.readableBytes());
        }
    }

    /** Reads exactly one 514-byte frame from {@code in} (which holds at least that many bytes). */
    static Object decodeOne(ByteBuf in) {
        int circId = in.readInt();
        int command = in.readUnsignedByte();
        ByteBuf payload = in.readSlice(Cell.PAYLOAD_LEN);
        if (CellCommand.isVariableLength(command)) {
            return new MalformedCell(circId, command, "variable-length cell command "
                    + CellCommand.describe(command) + " on a lab link, which carries fixed-size cells only", true);
        }
        try {
            return new Cell(circId, ChanMsg.decode(command, payload));
        } catch (CellFormatException e) {
            return new MalformedCell(circId, command, e.getMessage(), false);
        }
    }
}
