package lab.onion.load.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.util.concurrent.Future;

import java.util.function.Supplier;

/**
 * One connection of the echo line protocol. Lines are pipelined: up to the worker's slot count
 * are outstanding, their start times in a ring in send order, and every reply byte is compared
 * with the expected uppercase line. The channel's pipeline holds only this handler, or a proxy
 * handler (SOCKS5, for the onion) in front of it: then the session is open once the proxy has
 * connected to the destination, and a proxy that refuses is a failure to open.
 */
public final class EchoTcpSession extends ChannelInboundHandlerAdapter implements Session {

    private final Bootstrap bootstrap;
    private final Supplier<? extends ProxyHandler> proxy;
    private final EventLoop eventLoop;
    private final Loop loop;
    private final byte[] line;
    /** The expected reply, ending in {@code \n}. */
    private final ByteBuf expected;
    private final long[] starts;

    private SessionListener listener;
    private Channel channel;
    private ByteBuf pending;
    private int head;
    private int count;
    private int replyOffset;
    private boolean replyBad;
    private ErrorKind closeKind;
    private String closeMessage;
    private boolean closing;

    /**
     * @param bootstrap a bootstrap for the target with the transport's channel type set; this session sets its loop and handler
     * @param line      the line to send, ending in {@code \n}
     * @param reply     the expected reply, ending in {@code \n}
     */
    public EchoTcpSession(Bootstrap bootstrap, EventLoop eventLoop, byte[] line, byte[] reply, int slots) {
        this(bootstrap, null, eventLoop, line, reply, slots);
    }

    /**
     * @param proxy a new proxy handler for each connection (the bootstrap's remote address is then
     *              the destination as the proxy should see it), or null for a direct connection
     */
    public EchoTcpSession(Bootstrap bootstrap, Supplier<? extends ProxyHandler> proxy, EventLoop eventLoop,
                          byte[] line, byte[] reply, int slots) {
        this.proxy = proxy;
        this.bootstrap = proxy == null ? bootstrap.clone(eventLoop).handler(this)
                : bootstrap.clone(eventLoop).handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(proxy.get(), EchoTcpSession.this);
                    }
                });
        this.eventLoop = eventLoop;
        this.loop = Loop.of(eventLoop);
        this.line = line;
        this.expected = Unpooled.wrappedBuffer(reply);
        this.starts = new long[slots];
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
        head = 0;
        count = 0;
        replyOffset = 0;
        replyBad = false;
        ChannelFuture connect = bootstrap.connect();
        Channel opening = connect.channel();
        channel = opening;
        connect.addListener(f -> {
            if (closing || channel != opening) {
                return;
            }
            if (!f.isSuccess()) {
                listener.onClosed(ErrorKind.of(f.cause(), true), message(f.cause()));
            } else if (proxy == null) {
                listener.onOpen();
            } else {
                ProxyHandler handler = opening.pipeline().get(ProxyHandler.class);
                if (handler == null) { // closed already: its channelInactive reports it
                    return;
                }
                handler.connectFuture().addListener(h -> proxied(opening, h));
            }
        });
    }

    /** The proxy's handshake ended; a failure is reported here, once (the proxy closes the channel). */
    private void proxied(Channel opening, Future<?> handshake) {
        if (closing || channel != opening) {
            return;
        }
        if (handshake.isSuccess()) {
            listener.onOpen();
            return;
        }
        channel = null; // its channelInactive is not this session's to report
        listener.onClosed(ErrorKind.of(handshake.cause(), true), message(handshake.cause()));
    }

    @Override
    public void send(long startNanos) {
        if (pending == null) {
            pending = channel.alloc().ioBuffer(line.length * 4);
        }
        pending.writeBytes(line);
        starts[(head + count) % starts.length] = startNanos;
        count++;
    }

    @Override
    public void flush() {
        ByteBuf out = pending;
        pending = null;
        if (out != null) {
            // Write failures surface as exceptionCaught / channelInactive, which fail the outstanding lines.
            channel.writeAndFlush(out, channel.voidPromise());
        }
    }

    @Override
    public void close() {
        closing = true;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (in.isReadable() && !closing && ctx.channel() == channel) {
                if (count == 0) {
                    closeKind = ErrorKind.BAD_REPLY;
                    closeMessage = "reply without a request";
                    ctx.close();
                    return;
                }
                // Compared a run at a time (up to the end of the line or of this read), not byte by byte.
                int from = in.readerIndex();
                int newline = in.indexOf(from, in.writerIndex(), (byte) '\n');
                int length = (newline < 0 ? in.writerIndex() : newline) - from;
                if (!replyBad && replyOffset + length <= expected.capacity() - 1
                        && ByteBufUtil.equals(in, from, expected, replyOffset, length)) {
                    replyOffset += length;
                } else {
                    replyBad = true;
                }
                if (newline < 0) {
                    in.skipBytes(length);
                    return;
                }
                in.readerIndex(newline + 1);
                boolean good = !replyBad && replyOffset == expected.capacity() - 1;
                long start = starts[head];
                head = (head + 1) % starts.length;
                count--;
                replyOffset = 0;
                replyBad = false;
                if (good) {
                    listener.onReply(start);
                } else {
                    listener.onFailure(start, ErrorKind.BAD_REPLY, "reply differs from the uppercased line");
                }
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeKind == null && ctx.channel() == channel) {
            closeKind = ErrorKind.of(cause, false);
            closeMessage = message(cause);
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
        if (pending != null) {
            pending.release();
            pending = null;
        }
        // Closed first, so that the worker sends nothing more on this channel while its lines fail.
        listener.onClosed(kind, message);
        int outstanding = count;
        count = 0;
        for (int i = 0; i < outstanding; i++) {
            long start = starts[head];
            head = (head + 1) % starts.length;
            listener.onFailure(start, kind, message);
        }
    }

    public static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
