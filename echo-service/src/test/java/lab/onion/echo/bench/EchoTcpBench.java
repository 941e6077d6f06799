package lab.onion.echo.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark client for the echo line protocol (a benchmark, not a test): N connections, each
 * keeping K lines in flight; every reply is checked byte for byte; latency from a line's send
 * to its reply, in an HdrHistogram. Run by {@code make bench-echo} (see scripts/bench-echo.sh).
 *
 * <pre>args: host port [connections=64] [inFlight=16] [seconds=10] [warmupSeconds=3] [threads=2]</pre>
 */
public final class EchoTcpBench {

    private static final byte[] LINE = "hello onion lab 0123456789\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY = "HELLO ONION LAB 0123456789\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = arg(args, 2, 64);
        int inFlight = arg(args, 3, 16);
        int seconds = arg(args, 4, 10);
        int warmup = arg(args, 5, 3);
        int threads = arg(args, 6, 2);

        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        List<Connection> all = new ArrayList<>();
        try {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true);
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection connection = new Connection(inFlight);
                all.add(connection);
                channels.add(bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(connection);
                    }
                }).connect(host, port).sync().channel());
            }
            System.out.printf("echo-tcp bench: %s:%d, %d connections x %d lines in flight, %d-byte lines, %d client threads (%s)%n",
                    host, port, connections, inFlight, LINE.length, threads, epoll ? "epoll" : "nio");
            for (Channel channel : channels) {
                channel.eventLoop().execute(() -> all.get(channels.indexOf(channel)).start(channel));
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            for (Connection c : all) {
                c.channel.eventLoop().submit(c::reset).sync();
            }
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long lines = 0;
            long errors = 0;
            for (Connection c : all) {
                Histogram snapshot = c.channel.eventLoop().submit(() -> c.histogram.copy()).get();
                total.add(snapshot);
                lines += snapshot.getTotalCount();
                errors += c.errors.get();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("lines/s %,.0f   p50 %.3f ms   p90 %.3f ms   p99 %.3f ms   p99.9 %.3f ms   max %.3f ms   errors %d%n",
                    lines / elapsed, ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(90)),
                    ms(total.getValueAtPercentile(99)), ms(total.getValueAtPercentile(99.9)), ms(total.getMaxValue()), errors);
            if (errors > 0) {
                System.exit(1);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /** One connection: sends a line for every reply it gets, so K lines stay in flight. */
    private static final class Connection extends ChannelInboundHandlerAdapter {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final AtomicLong errors = new AtomicLong();
        private final long[] sentAt;
        private final int inFlight;
        private int head;
        private int tail;
        private int replyOffset;
        Channel channel;

        Connection(int inFlight) {
            this.inFlight = inFlight;
            this.sentAt = new long[inFlight];
        }

        void start(Channel ch) {
            channel = ch;
            send(ch, inFlight, System.nanoTime());
        }

        void reset() {
            histogram.reset();
        }

        private void send(Channel ch, int count, long now) {
            ByteBuf out = ch.alloc().buffer(count * LINE.length);
            for (int i = 0; i < count; i++) {
                out.writeBytes(LINE);
                sentAt[tail] = now;
                tail = (tail + 1) % inFlight;
            }
            ch.writeAndFlush(out, ch.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            long now = System.nanoTime();
            int replies = 0;
            try {
                while (in.isReadable()) {
                    byte b = in.readByte();
                    if (b != REPLY[replyOffset]) {
                        errors.incrementAndGet();
                    }
                    if (++replyOffset == REPLY.length) {
                        replyOffset = 0;
                        histogram.recordValue(now - sentAt[head]);
                        head = (head + 1) % inFlight;
                        replies++;
                    }
                }
            } finally {
                in.release();
            }
            if (replies > 0) {
                send(ctx.channel(), replies, now);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.incrementAndGet();
            ctx.close();
        }
    }

}
