package lab.onion.echo.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * One protocol step: each line in, the line uppercased and a {@code \n} out, in order.
 *
 * <p>The replies to all lines of one read are gathered in buffers of up to {@value #REPLY_BUFFER}
 * bytes (sizes the pooled allocator keeps; a buffer that grew without bound would be allocated
 * and freed outside the pool on every read) and written with one flush when the read is
 * complete, so a client that pipelines many lines costs one system call, not one per line. A
 * client that does not read its replies stops being read from (back pressure) instead of filling
 * the server's memory.
 */
final class UppercaseLineHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(UppercaseLineHandler.class);
    private static final ByteBuf LINE_TOO_LONG = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("ERR line too long\n", StandardCharsets.US_ASCII)).asReadOnly();

    private static final int REPLY_BUFFER = 32 * 1024;

    private final EchoTcpMetrics metrics;
    private final Uppercase uppercase = new Uppercase();
    /** Replies to the lines of the read in progress; written when the read completes. */
    private ByteBuf replies;
    private int repliedLines;

    UppercaseLineHandler(EchoTcpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.connectionOpened();
        LOG.debugf("connection opened from %s", ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.connectionClosed();
        if (replies != null) {
            replies.release();
            replies = null;
        }
        LOG.debugf("connection closed from %s", ctx.channel().remoteAddress());
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            int needed = line.readableBytes() + 1;
            if (replies != null && replies.readableBytes() + needed > REPLY_BUFFER) {
                ctx.write(replies, ctx.voidPromise()); // full: goes out with this read's flush
                replies = null;
            }
            if (replies == null) {
                replies = ctx.alloc().buffer(Math.max(256, needed));
            }
            uppercase.write(line, replies);
            replies.writeByte('\n');
            repliedLines++;
        } finally {
            line.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushReplies(ctx);
    }

    private void flushReplies(ChannelHandlerContext ctx) {
        if (replies != null) {
            ctx.writeAndFlush(replies, ctx.voidPromise());
            replies = null;
            metrics.linesAnswered(repliedLines);
            repliedLines = 0;
        }
    }

    /** Back pressure: read from the client only while its replies can still be queued. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client has sent all it will: answer what is left, then close once it is written.
            flushReplies(ctx);
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (event instanceof IdleStateEvent) {
            metrics.idleClosed();
            LOG.debugf("closing idle connection from %s", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException
                || cause instanceof DecoderException && cause.getCause() instanceof TooLongFrameException) {
            metrics.lineTooLong();
            LOG.debugf("line too long from %s: %s", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.channel().config().setAutoRead(false);
            flushReplies(ctx);
            ctx.writeAndFlush(LINE_TOO_LONG.duplicate()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // Resets and broken pipes are what clients do; they close this connection and nothing else.
        LOG.debugf("closing connection from %s: %s", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
