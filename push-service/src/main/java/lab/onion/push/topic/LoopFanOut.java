package lab.onion.push.topic;

import io.vertx.core.Context;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The push subscribers of one topic whose connections live on one event loop, and the messages on their way to
 * them.
 * <p>
 * Why per event loop: a connection may only be written on its own event loop, and handing a message to each
 * subscriber separately (a task per subscriber per message) made the task queues, not the sockets, the cost of a
 * publish to a thousand subscribers. Here a publish adds the message to each loop's queue under the topic's lock
 * and wakes the loop once; on the loop, {@link #run} queues everything that arrived to every subscriber first and
 * then lets each of them write it all: one task per loop per burst, and one write and one flush per subscriber per
 * burst.
 */
final class LoopFanOut {

    private static final PushSubscriber[] NONE = {};

    /** One publish for this loop: the message, and the subscribers there were at that moment. */
    private record Delivery(Message message, PushSubscriber[] to) {
    }

    private final Context context;
    /**
     * Copy-on-write, replaced under the topic's lock: a publish hands the loop the very set of subscribers that
     * had joined before it, which is what keeps a new subscriber's catch-up and live messages free of gaps and
     * duplicates.
     */
    private PushSubscriber[] subscribers = NONE;
    /** Guarded by {@code this}: publishes come from any thread, {@link #run} is on the loop. */
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private boolean scheduled;

    /** @param context a Vert.x context on the loop (any subscriber's), to run the fan-out on */
    LoopFanOut(Context context) {
        this.context = context;
    }

    /** Called under the topic's lock. */
    void add(PushSubscriber subscriber) {
        PushSubscriber[] more = Arrays.copyOf(subscribers, subscribers.length + 1);
        more[subscribers.length] = subscriber;
        subscribers = more;
    }

    /** Called under the topic's lock; {@code false} if it was not here. */
    boolean remove(PushSubscriber subscriber) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i] == subscriber) {
                PushSubscriber[] fewer = new PushSubscriber[subscribers.length - 1];
                System.arraycopy(subscribers, 0, fewer, 0, i);
                System.arraycopy(subscribers, i + 1, fewer, i, subscribers.length - i - 1);
                subscribers = fewer;
                return true;
            }
        }
        return false;
    }

    /** The subscribers now. Called under the topic's lock. */
    PushSubscriber[] subscribers() {
        return subscribers;
    }

    /** Hands a message to this loop's subscribers; never waits for them. Called under the topic's lock. */
    void publish(Message message) {
        if (subscribers.length == 0) {
            return;
        }
        boolean wake;
        synchronized (this) {
            pending.add(new Delivery(message, subscribers));
            wake = !scheduled;
            scheduled = true;
        }
        if (wake) {
            context.runOnContext(v -> run());
        }
    }

    /** On the loop: everything published since the last run, to every subscriber, then one drain each. */
    private void run() {
        Delivery[] burst;
        synchronized (this) {
            burst = pending.toArray(new Delivery[0]);
            pending.clear();
            scheduled = false;
        }
        for (Delivery delivery : burst) {
            for (PushSubscriber subscriber : delivery.to()) {
                subscriber.offer(delivery.message());
            }
        }
        // Usually every delivery of a burst has the same array; a subscriber in two of them drains twice, and the
        // second time finds nothing left.
        PushSubscriber[] drained = null;
        for (Delivery delivery : burst) {
            if (delivery.to() != drained) {
                drained = delivery.to();
                for (PushSubscriber subscriber : drained) {
                    subscriber.drain();
                }
            }
        }
    }
}
