package lab.onion.relay.socks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import lab.onion.relay.link.Flusher;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.proxy.CircuitManager;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The onion proxy's SOCKS5 port (RFC 1928, RFC 1929): CONNECT by domain name or IPv4 address,
 * no authentication or username/password (the username is the isolation key; any password is
 * accepted, as Tor does). Runs on the client's event loop, next to its circuits.
 */
public final class SocksServer {

    private final NettyTransport transport;
    private final CircuitManager circuits;
    private final Duration streamTimeout;
    private final Flusher flusher;
    private Channel server;

    public SocksServer(NettyTransport transport, CircuitManager circuits, Duration streamTimeout) {
        this.transport = transport;
        // the SOCKS connections share the loop with the links: one flush per connection per read batch
        this.flusher = new Flusher(transport.loop());
        this.circuits = circuits;
        this.streamTimeout = streamTimeout;
    }

    public void start(String host, int port) {
        server = new ServerBootstrap()
                .group(transport.loop())
                .channel(transport.serverChannelType())
                .childOption(ChannelOption.AUTO_READ, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(Socks5ServerEncoder.DEFAULT, new Socks5InitialRequestDecoder(),
                                new SocksServerHandler(circuits, streamTimeout, flusher));
                    }
                })
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public boolean isListening() {
        return server != null && server.isActive();
    }

    public void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }
}
