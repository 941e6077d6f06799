package lab.onion.echo.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Netty's line framing ({@code \n} or {@code \r\n}, delimiter stripped, fails fast on a line over
 * the limit), plus one thing a user of {@code printf hello | nc} expects: a last line without a
 * line ending, sent just before the client closes its side, is still a line.
 */
final class LineDecoder extends LineBasedFrameDecoder {

    private final int maxLength;

    LineDecoder(int maxLength) {
        super(maxLength, true, true);
        this.maxLength = maxLength;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            if (in.readableBytes() > maxLength) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("last line longer than " + maxLength + " bytes");
            }
            out.add(in.readRetainedSlice(in.readableBytes()));
        }
    }
}
