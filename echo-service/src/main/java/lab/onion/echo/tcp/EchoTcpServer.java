package lab.onion.echo.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import lab.onion.echo.config.EchoConfig;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;

/**
 * The lecture's TCP server on port 8081, done right: a Netty pipeline on Quarkus's own Vert.x
 * event loops, so every connection is served without a thread of its own and without blocking.
 */
@ApplicationScoped
public class EchoTcpServer {

    private static final Logger LOG = Logger.getLogger(EchoTcpServer.class);

    private final Vertx vertx;
    private final EchoConfig.Tcp config;
    private final EchoTcpMetrics metrics;
    private volatile Channel serverChannel;

    EchoTcpServer(Vertx vertx, EchoConfig config, EchoTcpMetrics metrics) {
        this.vertx = vertx;
        this.config = config.tcp();
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup) {
        int highWaterMark = config.writeHighWaterMark();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(vertx.nettyEventLoopGroup())
                .channel(serverChannelType())
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client may close its sending side and still read the replies it is owed.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(highWaterMark / 2, highWaterMark))
                .childHandler(new EchoTcpInitializer(config, metrics));
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // bind failures arrive as (sneakily thrown) IOExceptions
            throw new IllegalStateException("echo TCP server cannot listen on " + config.host() + ":"
                    + config.port() + " (echo.tcp.port / ECHO_TCP_PORT): " + e.getMessage(), e);
        }
        LOG.infof("echo TCP server listening on %s:%d (max line %d bytes, idle timeout %ds, %s transport)",
                config.host(), port(), config.maxLineLength(), config.idleTimeout().toSeconds(),
                vertx.isNativeTransportEnabled() ? "epoll" : "nio");
    }

    /** The channel type must match the transport of Vert.x's event loops. */
    private Class<? extends ServerChannel> serverChannelType() {
        return vertx.isNativeTransportEnabled() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean isListening() {
        Channel channel = serverChannel;
        return channel != null && channel.isActive();
    }
}
