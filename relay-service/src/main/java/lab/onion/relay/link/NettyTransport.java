package lab.onion.relay.link;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The event loop a node runs on and the channel types that match its transport. A node (relay
 * or client) keeps all its links, circuits and exit connections on one loop, as Tor keeps them
 * on its main thread: circuit state needs no locks, and a cell is relayed without a thread hop.
 */
public record NettyTransport(EventLoop loop, Class<? extends ServerChannel> serverChannelType,
                             Class<? extends Channel> channelType) {

    /** Channel types for a loop from an epoll ({@code nativeTransport}) or NIO group. */
    public static NettyTransport of(EventLoop loop, boolean nativeTransport) {
        return nativeTransport
                ? new NettyTransport(loop, EpollServerSocketChannel.class, EpollSocketChannel.class)
                : new NettyTransport(loop, NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
