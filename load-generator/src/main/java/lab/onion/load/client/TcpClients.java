package lab.onion.load.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.vertx.core.Vertx;

import java.net.InetSocketAddress;

/** How the load generator's raw TCP clients (echo lines, downloads) connect, directly or through SOCKS5. */
public final class TcpClients {

    private TcpClients() {
    }

    /**
     * A bootstrap on Vert.x's transport (epoll where it uses it), with TCP_NODELAY and a connect
     * timeout; the caller sets the loop, handler and address.
     *
     * @param viaSocks the name goes to the proxy as it is (its exit resolves it), so none is resolved here
     */
    public static Bootstrap bootstrap(Vertx vertx, boolean viaSocks, int connectTimeoutMillis) {
        Bootstrap bootstrap = new Bootstrap()
                .channel(vertx.isNativeTransportEnabled() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
        if (viaSocks) {
            bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
        }
        return bootstrap;
    }

    /** A SOCKS5 handler for one connection, its handshake bounded by the same connect timeout. */
    public static Socks5ProxyHandler socks(InetSocketAddress proxy, int connectTimeoutMillis) {
        Socks5ProxyHandler handler = new Socks5ProxyHandler(proxy);
        handler.setConnectTimeoutMillis(connectTimeoutMillis);
        return handler;
    }
}
