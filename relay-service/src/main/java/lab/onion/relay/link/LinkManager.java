package lab.onion.relay.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's links: those peers opened to it and those it opened, each outgoing link reused for
 * every circuit to the same relay (tor-spec 5.3.1). Used only on the node's event loop.
 */
public final class LinkManager {

    private static final Logger LOG = Logger.getLogger(LinkManager.class);
    private static final AtomicLong IDS = new AtomicLong();
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final NettyTransport transport;
    private final InboundCircuitListener inboundCircuits;
    private final Duration connectTimeout;
    private final Flusher flusher;
    private final Set<Link> links = new LinkedHashSet<>();
    private final Map<LinkTarget, Promise<Link>> outbound = new HashMap<>();

    public LinkManager(NettyTransport transport, InboundCircuitListener inboundCircuits, Duration connectTimeout) {
        this.transport = transport;
        this.inboundCircuits = inboundCircuits;
        this.connectTimeout = connectTimeout;
        this.flusher = new Flusher(transport.loop());
    }

    /**
     * The link to {@code target}: an open one if there is one, else a new connection.
     * Completes on the loop.
     */
    public Future<Link> connect(LinkTarget target) {
        Promise<Link> existing = outbound.get(target);
        if (existing != null && (!existing.isDone() || existing.isSuccess() && existing.getNow().isActive())) {
            return existing;
        }
        Promise<Link> promise = loop().newPromise();
        outbound.put(target, promise);
        ChannelFuture connect = new Bootstrap()
                .group(loop())
                .channel(transport.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new LinkInitializer(this, true))
                .connect(target.address());
        connect.addListener(done -> {
            if (done.isSuccess()) {
                Link link = connect.channel().attr(LinkAttributes.LINK).get();
                LOG.debugf("%s opened to %s", link, target);
                promise.trySuccess(link);
            } else {
                outbound.remove(target, promise);
                promise.tryFailure(done.cause());
            }
        });
        connect.channel().closeFuture().addListener(closed -> outbound.remove(target, promise));
        return promise;
    }

    Link newLink(Channel channel, boolean initiator) {
        Link link = new Link(IDS.incrementAndGet(), channel, initiator, flusher);
        channel.attr(LinkAttributes.LINK).set(link);
        links.add(link);
        channel.closeFuture().addListener(closed -> linkClosed(link));
        return link;
    }

    private void linkClosed(Link link) {
        if (links.remove(link)) {
            LOG.debugf("%s closed with %d circuits", link, link.circuitCount());
            link.closed();
        }
    }

    InboundCircuitListener inboundCircuitListener() {
        return inboundCircuits;
    }

    public Flusher flusher() {
        return flusher;
    }

    public EventLoop loop() {
        return transport.loop();
    }

    public NettyTransport transport() {
        return transport;
    }

    public int linkCount() {
        return links.size();
    }

    /** Closes every link (shutdown). */
    public void closeAll() {
        List<Link> all = new ArrayList<>(links);
        for (Link link : all) {
            link.close();
        }
    }
}
