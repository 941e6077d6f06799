package lab.onion.load.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real echo line server for tests, on loopback and port 0: uppercases ASCII bytes as they come
 * (lines need no framing for that). It can stall once, holding every byte it receives for a
 * while, and it can stop, closing every connection.
 */
public final class LineEchoServer implements AutoCloseable {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final AtomicLong firstReadNanos = new AtomicLong();
    private volatile long pauseAfterNanos = -1;
    private volatile long pauseNanos;
    private volatile long stopAfterMillis = -1;

    public LineEchoServer() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(new Upper());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Once, {@code afterMillis} after the first bytes arrive, holds all replies for {@code pauseMillis}. */
    public void stallOnce(long afterMillis, long pauseMillis) {
        pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        pauseAfterNanos = TimeUnit.MILLISECONDS.toNanos(afterMillis);
    }

    /** Stops ({@link #stop()}) {@code millis} after the first bytes arrive, whenever the client gets going. */
    public void stopAfterFirstRead(long millis) {
        stopAfterMillis = millis;
    }

    /** Stops listening and closes every connection, as a crashing service would. */
    public void stop() {
        server.close().syncUninterruptibly();
        children.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Upper extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            if (firstReadNanos.compareAndSet(0, now) && stopAfterMillis >= 0) {
                // Not on this event loop: stop() waits for the channels it closes.
                GlobalEventExecutor.INSTANCE.schedule(LineEchoServer.this::stop, stopAfterMillis, TimeUnit.MILLISECONDS);
            }
            ByteBuf in = (ByteBuf) msg;
            if (!held.isEmpty()) {
                held.add(in);
                return;
            }
            if (pauseAfterNanos >= 0) {
                long from = firstReadNanos.get() + pauseAfterNanos;
                long until = from + pauseNanos;
                if (now - from >= 0 && now - until < 0) {
                    held.add(in);
                    ctx.channel().config().setAutoRead(false);
                    ctx.executor().schedule(() -> release(ctx), until - now, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            reply(ctx, in);
        }

        private void release(ChannelHandlerContext ctx) {
            while (!held.isEmpty()) {
                reply(ctx, held.poll());
            }
            ctx.channel().config().setAutoRead(true);
        }

        private void reply(ChannelHandlerContext ctx, ByteBuf in) {
            for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                byte b = in.getByte(i);
                if (b >= 'a' && b <= 'z') {
                    in.setByte(i, b - ('a' - 'A'));
                }
            }
            ctx.writeAndFlush(in);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
