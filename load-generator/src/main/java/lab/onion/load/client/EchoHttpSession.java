package lab.onion.load.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 keep-alive connection carrying {@code GET /upper?text=...}, one request at a time
 * (no pipelining). The request is encoded once and written as a view of the same bytes every
 * time; the response is decoded by Netty's {@link HttpResponseDecoder} and its body compared
 * byte for byte with the uppercased text as it arrives, without aggregating it. Every reply must
 * be {@code 200} with exactly that body.
 */
public final class EchoHttpSession extends ChannelInboundHandlerAdapter implements Session {

    private final Bootstrap bootstrap;
    private final Loop loop;
    private final ByteBuf request;
    private final byte[] expected;

    private SessionListener listener;
    private Channel channel;
    private boolean outstanding;
    private long start;
    private int status;
    private int bodyOffset;
    private boolean bodyBad;
    private ErrorKind closeKind;
    private String closeMessage;
    private boolean closing;

    /**
     * @param bootstrap a bootstrap for the target with the transport's channel type set; this session sets its loop and pipeline
     * @param request   the whole request, encoded; never released (the scenario's, shared by every session)
     * @param expected  the expected body
     */
    public EchoHttpSession(Bootstrap bootstrap, EventLoop eventLoop, ByteBuf request, byte[] expected) {
        this.bootstrap = bootstrap.clone(eventLoop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpResponseDecoder(), EchoHttpSession.this);
            }
        });
        this.loop = Loop.of(eventLoop);
        this.request = request;
        this.expected = expected;
    }

    @Override
    public boolean isSharable() {
        return true; // one channel at a time, reconnects reuse the handler
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public void open(SessionListener listener) {
        this.listener = listener;
        closing = false;
        closeKind = null;
        closeMessage = null;
        outstanding = false;
        ChannelFuture connect = bootstrap.connect();
        channel = connect.channel();
        connect.addListener(f -> {
            if (closing) {
                return;
            }
            if (f.isSuccess()) {
                listener.onOpen();
            } else {
                listener.onClosed(ErrorKind.of(f.cause(), true), EchoTcpSession.message(f.cause()));
            }
        });
    }

    @Override
    public void send(long startNanos) {
        start = startNanos;
        outstanding = true;
        status = 0;
        bodyOffset = 0;
        bodyBad = false;
        // A view of the shared bytes: no copy, and releasing the view after the write is a no-op.
        channel.write(request.duplicate(), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void close() {
        closing = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing || ctx.channel() != channel) {
                return;
            }
            if (!outstanding) {
                closeKind = ErrorKind.BAD_REPLY;
                closeMessage = "reply without a request";
                ctx.close();
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    closeKind = ErrorKind.BAD_REPLY;
                    closeMessage = "malformed HTTP response: " + EchoTcpSession.message(response.decoderResult().cause());
                    ctx.close();
                    return;
                }
                status = response.status().code();
            }
            if (msg instanceof HttpContent content) {
                ByteBuf body = content.content();
                for (int i = body.readerIndex(); i < body.writerIndex() && !bodyBad; i++) {
                    if (bodyOffset >= expected.length || body.getByte(i) != expected[bodyOffset]) {
                        bodyBad = true;
                    }
                    bodyOffset++;
                }
                if (content instanceof LastHttpContent) {
                    complete();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void complete() {
        outstanding = false;
        if (status != 200) {
            listener.onFailure(start, ErrorKind.HTTP_STATUS, "HTTP " + status);
        } else if (bodyBad || bodyOffset != expected.length) {
            listener.onFailure(start, ErrorKind.BAD_REPLY, "body differs from the uppercased text");
        } else {
            listener.onReply(start);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeKind == null && ctx.channel() == channel) {
            closeKind = ErrorKind.of(cause, false);
            closeMessage = EchoTcpSession.message(cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closing || ctx.channel() != channel) { // closed by us, or a previous connection's
            return;
        }
        ErrorKind kind = closeKind == null ? ErrorKind.CONNECTION_CLOSED : closeKind;
        String message = closeMessage == null ? "connection closed by the server" : closeMessage;
        listener.onClosed(kind, message);
        if (outstanding) {
            outstanding = false;
            listener.onFailure(start, kind, message);
        }
    }
}
