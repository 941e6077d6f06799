package lab.onion.load.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5Message;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stand-in for the onion proxy, on loopback and port 0: a SOCKS5 server (Netty's socks
 * codec) that relays every CONNECT to one backend, whatever name it asks for (as the exit maps
 * {@code echo-service}), or refuses every CONNECT with 0x02 "not allowed" (as an exit policy
 * does); and the proxy's HTTP port: {@code POST /new-identity} and a {@code /status} whose
 * circuits carry a {@code buildMillis}.
 */
public final class TestOnionProxy implements AutoCloseable {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final HttpServer http;
    private final int backendPort;
    private final boolean refuse;
    private final AtomicInteger identities = new AtomicInteger();
    /** Every destination a CONNECT asked for, as {@code host:port}. */
    public final Set<String> destinations = ConcurrentHashMap.newKeySet();

    /** @param backendPort where streams go; ignored when {@code refuse} */
    public TestOnionProxy(int backendPort, boolean refuse) throws Exception {
        this.backendPort = backendPort;
        this.refuse = refuse;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Socks5ServerEncoder.DEFAULT, new Socks5InitialRequestDecoder(), new Socks());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/new-identity", exchange -> {
            identities.incrementAndGet();
            respond(exchange, "{\"circuitsDropped\":1}");
        });
        http.createContext("/status", exchange -> respond(exchange,
                "{\"role\":\"proxy\",\"proxy\":{\"circuits\":[{\"id\":" + identities.get()
                        + ",\"state\":\"open\",\"buildMillis\":1.25},{\"id\":1000,\"state\":\"building\",\"buildMillis\":null}]}}"));
        http.start();
    }

    public int socksPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public int identities() {
        return identities.get();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The SOCKS5 handshake: no authentication, then CONNECT. */
    private final class Socks extends SimpleChannelInboundHandler<Socks5Message> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Socks5Message msg) {
            if (msg instanceof Socks5InitialRequest) {
                ctx.pipeline().replace(Socks5InitialRequestDecoder.class, "command", new Socks5CommandRequestDecoder());
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.NO_AUTH));
            } else if (msg instanceof Socks5CommandRequest command) {
                destinations.add(command.dstAddr() + ":" + command.dstPort());
                if (refuse) {
                    ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.FORBIDDEN, Socks5AddressType.IPv4))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                Channel client = ctx.channel();
                client.config().setAutoRead(false);
                new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new Pump(client))
                        .connect("127.0.0.1", backendPort).addListener((ChannelFutureListener) f -> {
                            if (!f.isSuccess()) {
                                ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.CONNECTION_REFUSED,
                                        Socks5AddressType.IPv4)).addListener(ChannelFutureListener.CLOSE);
                                return;
                            }
                            ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.SUCCESS, Socks5AddressType.IPv4));
                            ctx.pipeline().remove("command");
                            ctx.pipeline().remove(Socks5ServerEncoder.class);
                            ctx.pipeline().replace(this, "pump", new Pump(f.channel()));
                            client.config().setAutoRead(true);
                        });
            } else {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Bytes from one socket to the other, as they come. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private final Channel to;

        Pump(Channel to) {
            this.to = to;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (to.isActive()) {
                to.writeAndFlush(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            to.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
