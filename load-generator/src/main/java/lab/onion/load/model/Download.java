package lab.onion.load.model;

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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.proxy.ProxyConnectionEvent;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import lab.onion.load.client.EchoTcpSession;
import lab.onion.load.client.ErrorKind;
import lab.onion.load.client.TcpClients;
import lab.onion.load.report.OnionReport;
import lab.onion.load.report.Stats;
import org.HdrHistogram.SingleWriterRecorder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One-way throughput: one HTTP GET of echo-service's {@code /bytes?n=SIZE} on one connection
 * (through the SOCKS proxy, or directly), every byte of the body checked against the line it
 * repeats. The figure is the body's bytes over the time from the request to the last byte. Ends
 * when the body is complete, or at the deadline with what has arrived by then (the connection is
 * closed; the bytes so far still count, and none at all is a timeout). One request:
 * {@code sent == ok + failed == 1}.
 */
public final class Download extends ChannelInboundHandlerAdapter {

    /** echo-service's {@code BytesRoute.LINE}: body byte {@code i} is {@code LINE[i % 64]}. */
    static final byte[] LINE = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** The line repeated, long enough to compare a run of up to {@link #RUN} bytes from any offset. */
    private static final int RUN = 64 * 1024;
    private static final ByteBuf EXPECTED;

    static {
        ByteBuf expected = Unpooled.buffer(RUN + LINE.length);
        while (expected.isWritable()) {
            expected.writeBytes(LINE, 0, Math.min(LINE.length, expected.writableBytes()));
        }
        EXPECTED = Unpooled.unreleasableBuffer(expected.asReadOnly());
    }

    private final long size;
    private final Stats stats;
    private final SingleWriterRecorder recorder;
    private final CountDownLatch done = new CountDownLatch(1);
    private final String hostHeader;
    private long start;
    private long received;
    private long lastByte;
    private boolean over;

    private Download(long size, Stats stats, String hostHeader) {
        this.size = size;
        this.stats = stats;
        this.recorder = stats.newRecorder();
        this.hostHeader = hostHeader;
    }

    /**
     * @param address the HTTP server; with {@code socks}, unresolved: the proxy's exit resolves the name
     * @param socks   the SOCKS5 proxy, or null for a direct connection
     */
    public static OnionReport.Side run(String via, Vertx vertx, InetSocketAddress address, InetSocketAddress socks,
                                       long size, Duration duration, Duration grace, int connectTimeoutMillis)
            throws InterruptedException {
        Stats stats = new Stats(System.nanoTime());
        Download download = new Download(size, stats, address.getHostString() + ":" + address.getPort());
        EventLoop loop = vertx.nettyEventLoopGroup().next();
        Bootstrap bootstrap = TcpClients.bootstrap(vertx, socks != null, connectTimeoutMillis).group(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (socks != null) {
                            ch.pipeline().addLast(TcpClients.socks(socks, connectTimeoutMillis));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), download);
                    }
                });
        long deadline = System.nanoTime() + duration.toNanos();
        ChannelFuture connect = loop.submit(() -> {
            download.start = System.nanoTime();
            stats.sent(download.start);
            return bootstrap.connect(address);
        }).sync().getNow();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                download.fail(ErrorKind.of(f.cause(), true), EchoTcpSession.message(f.cause()));
            }
        });
        download.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        loop.execute(() -> {
            if (download.received > 0) {
                download.finish(); // at the deadline: what has arrived counts
            } else {
                download.fail(ErrorKind.TIMEOUT, "no body byte before the deadline");
            }
            connect.channel().close();
            stopped.countDown();
        });
        stopped.await(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
        stats.collectInterval();
        long seconds = Math.max(0, download.lastByte - download.start);
        return OnionReport.Side.of(via, stats, stats.total()).withBytes(download.received, seconds / 1e9);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // the SOCKS handshake is done: ask for the body
        if (event instanceof ProxyConnectionEvent) {
            request(ctx);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(Socks5ProxyHandler.class) == null) {
            request(ctx);
        }
        ctx.fireChannelActive();
    }

    private void request(ChannelHandlerContext ctx) {
        DefaultFullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/bytes?n=" + size);
        get.headers().set(HttpHeaderNames.HOST, hostHeader).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(get);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (over) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                long length = HttpUtil.getContentLength(response, -1L);
                if (response.status().code() != 200 || length != size) {
                    fail(ErrorKind.HTTP_STATUS, "GET /bytes?n=" + size + " answered " + response.status()
                            + " with Content-Length " + length);
                    ctx.close();
                    return;
                }
            }
            if (msg instanceof HttpContent content && !check(content.content())) {
                fail(ErrorKind.BAD_REPLY, "body byte " + received + " differs from echo-service's line");
                ctx.close();
                return;
            }
            if (msg instanceof LastHttpContent) {
                finish();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Compares a piece of the body with the line, a run at a time; counts it when it matches. */
    private boolean check(ByteBuf piece) {
        for (int from = piece.readerIndex(), end = piece.writerIndex(); from < end; ) {
            int length = Math.min(RUN, end - from);
            if (!ByteBufUtil.equals(piece, from, EXPECTED, (int) (received % LINE.length), length)) {
                return false;
            }
            from += length;
            received += length;
        }
        lastByte = System.nanoTime();
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!over) {
            fail(ErrorKind.CONNECTION_CLOSED, "connection closed after " + received + " of " + size + " bytes");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!over) {
            fail(ErrorKind.of(cause, received == 0), EchoTcpSession.message(cause));
        }
        ctx.close();
    }

    private void fail(ErrorKind kind, String message) {
        if (!over) {
            over = true;
            stats.failed(start, kind, message);
            done.countDown();
        }
    }

    private void finish() {
        if (!over) {
            over = true;
            stats.ok(start, (lastByte > 0 ? lastByte : System.nanoTime()) - start, recorder);
            done.countDown();
        }
    }
}
