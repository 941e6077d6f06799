package lab.onion.push.topic;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import lab.onion.push.metrics.PushMetrics;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A subscriber that is pushed to (SSE, WebSocket): a bounded queue between the topic and one connection.
 * <p>
 * The topic {@linkplain #offer offers} each message under its lock and never waits: the message is queued, and the
 * queue is drained on the connection's own event loop as fast as the transport takes it (its write window or
 * demand). The catch-up from the history a client asked for is queued too but not counted against the limits;
 * everything published after that is, and a subscriber that lets more than
 * {@code push.subscriber.max-queued-messages} or {@code -bytes} pile up is cut off: its queue is dropped, the
 * transport tells the client why and closes.
 */
public abstract class PushSubscriber {

    private static final Logger LOG = Logger.getLogger(PushSubscriber.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** Why the gateway ended a subscription, as the {@code reason} tag of {@code push.subscribers.closed}. */
    public static final String SLOW_CONSUMER = "slow-consumer";
    public static final String DEAD_PEER = "dead-peer";

    private final String id;
    private final Mode mode;
    private final Topic topic;
    protected final Context context;
    protected final PushMetrics metrics;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;

    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    private int catchupLeft;
    private int liveCount;
    private long liveBytes;
    private boolean drainScheduled;
    private boolean open = true;

    protected PushSubscriber(Mode mode, Topic topic, Context context, PushMetrics metrics,
                             int maxQueuedMessages, long maxQueuedBytes) {
        this.id = mode.tag() + "-" + IDS.incrementAndGet();
        this.mode = mode;
        this.topic = topic;
        this.context = context;
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

    /** Whether the transport can take one more item now (write window not full, demand left). Called under lock. */
    protected abstract boolean writable();

    /** Hands one item to the transport; called on {@link #context}, outside any lock. */
    protected abstract void write(Outbound item);

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
            drainScheduled = true;
        }
        context.runOnContext(v -> drain());
    }

    /**
     * Queues a freshly published message. Called by the topic under its lock; never blocks.
     *
     * @return {@code false} if this subscriber is closed (now or before): the topic forgets it
     */
    final boolean offer(Message message) {
        boolean schedule;
        int dropped;
        synchronized (this) {
            if (!open) {
                return false;
            }
            boolean full = liveCount >= maxQueuedMessages
                    || (liveCount > 0 && liveBytes + message.size() > maxQueuedBytes);
            if (!full) {
                queue.add(message);
                liveCount++;
                liveBytes += message.size();
                schedule = !drainScheduled;
                drainScheduled = true;
                dropped = -1;
            } else {
                schedule = false;
                dropped = close() + 1;
            }
        }
        if (dropped >= 0) {
            String detail = "slow consumer: more than " + maxQueuedMessages + " messages or " + maxQueuedBytes
                    + " bytes waiting";
            ended(SLOW_CONSUMER, detail, dropped);
            return false;
        }
        if (schedule) {
            context.runOnContext(v -> drain());
        }
        return true;
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

    /** The transport can take more: drain again if there is anything queued. Safe from any thread. */
    protected final void wake() {
        synchronized (this) {
            if (!open || drainScheduled || queue.isEmpty()) {
                return;
            }
            drainScheduled = true;
        }
        context.runOnContext(v -> drain());
    }

    private void drain() {
        while (true) {
            Outbound next;
            synchronized (this) {
                if (!open || queue.isEmpty() || !writable()) {
                    drainScheduled = false;
                    return;
                }
                next = queue.poll();
                if (catchupLeft > 0) {
                    catchupLeft--;
                } else if (next instanceof Message m) {
                    liveCount--;
                    liveBytes -= m.size();
                }
            }
            write(next);
        }
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
     * Closes a connection now, with a reset, dropping whatever is still waiting to be written.
     * {@link HttpConnection#close()} would first flush, which a peer that does not read never lets finish; so would
     * a close that passes Vert.x's own handler, so this one starts below it, at the first handler of the pipeline.
     */
    protected static void cut(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            connection.close();
            return;
        }
        Channel channel = base.channel();
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
