package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes each {@link Cell} as its 514 bytes: circuit ID, command, body, zero padding. */
@ChannelHandler.Sharable
public final class CellEncoder extends MessageToByteEncoder<Cell> {

    public static final CellEncoder INSTANCE = new CellEncoder();

    private CellEncoder() {
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Cell cell, boolean preferDirect) {
        return preferDirect ? ctx.alloc().ioBuffer(Cell.CELL_LEN) : ctx.alloc().heapBuffer(Cell.CELL_LEN);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Cell cell, ByteBuf out) {
        encode(cell, out);
    }

    /** Appends the 514 bytes of {@code cell} to {@code out}. */
    public static void encode(Cell cell, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(cell.circId()).writeByte(cell.command());
        cell.msg().encodeBody(out);
        int written = out.writerIndex() - start;
        if (written > Cell.CELL_LEN) {
            out.writerIndex(start);
            throw new EncoderException(cell.msg() + " body is " + (written - Cell.CIRC_ID_LEN - 1)
                    + " bytes, more than " + Cell.PAYLOAD_LEN);
        }
        out.writeZero(Cell.CELL_LEN - written);
    }
}
