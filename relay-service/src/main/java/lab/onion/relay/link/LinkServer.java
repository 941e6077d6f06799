package lab.onion.relay.link;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;

import java.net.InetSocketAddress;

/**
 * Accepts links on the relay's link port. The accepted links live on the node's one event
 * loop (see {@link NettyTransport}).
 */
public final class LinkServer {

    private final LinkManager manager;
    private volatile Channel serverChannel;

    public LinkServer(LinkManager manager) {
        this.manager = manager;
    }

    /**
     * Binds and waits until listening.
     *
     * @throws IllegalStateException naming the address when the port cannot be bound
     */
    public void bind(String host, int port) {
        NettyTransport transport = manager.transport();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.loop(), transport.loop())
                .channel(transport.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, LinkManager.WATER_MARK)
                .childHandler(new LinkInitializer(manager, false));
        try {
            serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) { // bind failures arrive as (sneakily thrown) IOExceptions
            throw new IllegalStateException("relay link server cannot listen on " + host + ":" + port
                    + " (relay.link.port / RELAY_LINK_PORT): " + e.getMessage(), e);
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

    public void close() {
        Channel channel = serverChannel;
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }
}
