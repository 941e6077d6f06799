package lab.onion.push.topic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import lab.onion.push.metrics.PushMetrics;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber that is pushed to (SSE, WebSocket): a bounded queue between the topic and one connection.
 * <p>
 * The topic's fan-out {@linkplain #offer offers} each message on the connection's own event loop and never waits:
 * the message is queued, and {@linkplain #drain drained} as fast as the connection takes it, everything waiting
 * written as one batch (one write, one flush) while the connection's write buffer is below its high-water mark.
 * The catch-up from the history a client asked for is queued too but not counted against the limits; everything
 * published after that is, and a subscriber that lets more than {@code push.subscriber.max-queued-messages} or
 * {@code -bytes} pile up is cut off: its queue is dropped, the transport tells the client why and closes.
 */
public abstract class PushSubscriber {

    private static final Logger LOG = Logger.getLogger(PushSubscriber.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** Why the gateway ended a subscription, as the {@code reason} tag of {@code push.subscribers.closed}. */
    public static final String SLOW_CONSUMER = "slow-consumer";
    public static final String DEAD_PEER = "dead-peer";

    /** Most bytes written as one batch; the rest waits for the next one, taken only while the connection is writable. */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    private final String id;
    private final Mode mode;
    private final Topic topic;
    protected final Context context;
    private final EventLoop eventLoop;
    protected final PushMetrics metrics;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;

    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    private int catchupLeft;
    private int liveCount;
    private long liveBytes;
    private boolean open = true;
    /** On the event loop only: a drain is running (a write below it may call {@link #wake} again). */
    private boolean draining;

    protected PushSubscriber(Mode mode, Topic topic, Context context, PushMetrics metrics,
                             int maxQueuedMessages, long maxQueuedBytes) {
        this.id = mode.tag() + "-" + IDS.incrementAndGet();
        this.mode = mode;
        this.topic = topic;
        this.context = context;
        this.eventLoop = ((ContextInternal) context).nettyEventLoop();
        this.metrics = metrics;
        this.maxQueuedMessages = maxQueuedMessages;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public String id() {
        return id;
    }

    public Mode mode() {
        return mode;
    }

    public Topic topic() {
        return topic;
    }

    /** The event loop of the connection: where this subscriber is offered messages and writes. */
    final EventLoop eventLoop() {
        return eventLoop;
    }

    /** Whether the connection takes more now (its write buffer is below the high-water mark). On {@link #context}. */
    protected abstract boolean writable();

    /**
     * The bytes of one item: for a message, {@link Message#wire} (encoded once, shared by all subscribers of the
     * transport); for a signal, made now. On {@link #context}.
     */
    protected abstract ByteBuf encode(Outbound item);

    /** Writes a batch of encoded items to the connection, and flushes. On {@link #context}, outside any lock. */
    protected abstract void write(ByteBuf batch);

    /**
     * Tells the client the gateway is ending the subscription, and cuts the connection if that cannot get through
     * in time. Called once, on {@link #context}.
     *
     * @param reason {@link #SLOW_CONSUMER} or {@link #DEAD_PEER}
     * @param detail for a human: the limit that was hit
     */
    protected abstract void closeTransport(String reason, String detail);

    /** Queues the signal and catch-up for the client's position. Called by the topic under its lock. */
    final void start(Catchup catchup) {
        synchronized (this) {
            if (catchup.reset() != null) {
                queue.add(catchup.reset());
            } else if (catchup.gap() != null) {
                queue.add(catchup.gap());
            }
            queue.addAll(catchup.messages());
            catchupLeft = queue.size();
            if (queue.isEmpty()) {
                return;
            }
        }
        // Not drained here: that would write under the topic's lock.
        context.runOnContext(v -> drain());
    }

    /**
     * Queues a freshly published message, or cuts this subscriber off if its queue is full. Called by the topic's
     * fan-out on {@link #context}; the fan-out {@linkplain #drain drains} after offering a whole burst.
     */
    final void offer(Message message) {
        int dropped;
        synchronized (this) {
            if (!open) {
                return;
            }
            boolean full = liveCount >= maxQueuedMessages
                    || (liveCount > 0 && liveBytes + message.size() > maxQueuedBytes);
            if (!full) {
                queue.add(message);
                liveCount++;
                liveBytes += message.size();
                return;
            }
            dropped = close() + 1;
        }
        topic.unsubscribe(this);
        ended(SLOW_CONSUMER, "slow consumer: more than " + maxQueuedMessages + " messages or " + maxQueuedBytes
                + " bytes waiting", dropped);
    }

    /** The gateway ends this subscription (e.g. its peer is gone). Safe from any thread, not under the topic's lock. */
    public final void terminate(String reason, String detail) {
        int dropped;
        synchronized (this) {
            if (!open) {
                return;
            }
            dropped = close();
        }
        topic.unsubscribe(this);
        ended(reason, detail, dropped);
    }

    /** The connection is gone (the client left, or the close the gateway started is done). Safe from any thread. */
    public final void transportClosed() {
        synchronized (this) {
            if (!open) {
                return;
            }
            close();
        }
        topic.unsubscribe(this);
        metrics.closed(mode, "client");
        LOG.debugf("subscriber left: topic=%s mode=%s id=%s", topic.name(), mode.tag(), id);
    }

    public final synchronized boolean isOpen() {
        return open;
    }

    /** The connection can take more: drain what is queued. Safe from any thread. */
    protected final void wake() {
        if (eventLoop.inEventLoop()) {
            drain();
        } else {
            context.runOnContext(v -> drain());
        }
    }

    /**
     * Writes what is queued, a batch at a time, while the connection is writable. On {@link #context}. Writing can
     * make the connection writable again at once (a flush that empties its buffer); the {@link #wake} that comes
     * with it finds this drain running and returns, and this loop sees the connection writable and goes on.
     */
    final void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            List<Outbound> batch = new ArrayList<>();
            while (true) {
                if (!writable()) {
                    return;
                }
                int messages = 0;
                synchronized (this) {
                    if (!open || queue.isEmpty()) {
                        return;
                    }
                    long bytes = 0;
                    while (!queue.isEmpty() && (batch.isEmpty() || bytes + size(queue.peek()) <= MAX_BATCH_BYTES)) {
                        Outbound next = queue.poll();
                        bytes += size(next);
                        batch.add(next);
                        if (catchupLeft > 0) {
                            catchupLeft--;
                        } else if (next instanceof Message m) {
                            liveCount--;
                            liveBytes -= m.size();
                        }
                        if (next instanceof Message) {
                            messages++;
                        }
                    }
                }
                write(bytesOf(batch));
                metrics.delivered(mode, messages);
                batch.clear();
            }
        } finally {
            draining = false;
        }
    }

    private ByteBuf bytesOf(List<Outbound> batch) {
        if (batch.size() == 1) {
            return encode(batch.get(0));
        }
        CompositeByteBuf composite = Unpooled.compositeBuffer(batch.size());
        for (Outbound item : batch) {
            composite.addComponent(true, encode(item));
        }
        return composite;
    }

    private static long size(Outbound item) {
        return item instanceof Message m ? m.size() : 256;
    }

    /** Marks closed and empties the queue; returns how many messages were in it. Caller holds the lock. */
    private int close() {
        open = false;
        int messages = 0;
        for (Outbound o : queue) {
            if (o instanceof Message) {
                messages++;
            }
        }
        queue.clear();
        return messages;
    }

    /**
     * Sets {@code TCP_NODELAY} on the connection of a subscriber ({@code push.subscriber.tcp-no-delay}). Only for a
     * connection that carries nothing else: an HTTP/1.1 connection with its stream, not a shared HTTP/2 one.
     */
    protected static void noDelay(ConnectionBase connection, boolean noDelay) {
        connection.channel().config().setOption(ChannelOption.TCP_NODELAY, noDelay);
    }

    /**
     * Where the output of a connection's protocol encoder enters its pipeline: bytes the gateway has already
     * encoded (WebSocket frames, HTTP chunks) are written there, past the handlers above the encoder, which would
     * only pass them on. {@code null} when a handler above the encoder holds writes back (Vert.x adds one for TLS
     * and compression): writes below it could overtake the ones it holds.
     */
    protected static ChannelHandlerContext belowEncoder(ConnectionBase connection,
                                                        Class<? extends ChannelHandler> encoder) {
        ChannelPipeline pipeline = connection.channel().pipeline();
        if (pipeline.get(ChunkedWriteHandler.class) != null) {
            return null;
        }
        return pipeline.context(encoder);
    }

    /**
     * Closes a connection now, with a reset, dropping whatever is still waiting to be written.
     * {@link HttpConnection#close()} would first flush, which a peer that does not read never lets finish; so would
     * a close that passes Vert.x's own handler, so this one starts below it, at the first handler of the pipeline.
     */
    protected static void cut(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            cut(base);
        } else {
            connection.close();
        }
    }

    /** {@link #cut(HttpConnection)}, for a connection known to be Vert.x's own kind. */
    protected static void cut(ConnectionBase connection) {
        Channel channel = connection.channel();
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        ChannelHandlerContext first = channel.pipeline().firstContext();
        if (first != null) {
            first.close();
        } else {
            channel.close();
        }
    }

    private void ended(String reason, String detail, int dropped) {
        metrics.closed(mode, reason);
        metrics.dropped(mode, dropped);
        LOG.infof("subscriber cut off: topic=%s mode=%s id=%s reason=%s dropped=%d (%s)",
                topic.name(), mode.tag(), id, reason, dropped, detail);
        context.runOnContext(v -> closeTransport(reason, detail));
    }
}
