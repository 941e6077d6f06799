package lab.onion.push.topic;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One topic: its sequence counter, its bounded history, and who is waiting for it. Every method takes the topic's
 * lock briefly and never waits on a subscriber: publishing hands each message to the fan-out of every event loop
 * that has push subscribers of this topic ({@link LoopFanOut}, which fills their bounded queues on the loop) and
 * to parked long polls, so ordering is the same for every subscriber and a slow one never slows the publisher.
 */
public final class Topic {

    private final String name;
    private final String epoch;
    private final History history;
    private final int maxSubscribers;
    /** Push subscribers by the event loop of their connection; a topic has at most one entry per loop. */
    private final Map<EventLoop, LoopFanOut> loops = new HashMap<>();
    private int pushSubscribers;
    private final Map<LongPollWaiter, Waiting> waiters = new HashMap<>();
    private final Map<Mode, LongAdder> requests = new EnumMap<>(Mode.class);
    private long lastSeq;

    private record Waiting(long after, int max) {
    }

    Topic(String name, String epoch, History history, int maxSubscribers) {
        this.name = name;
        this.epoch = epoch;
        this.history = history;
        this.maxSubscribers = maxSubscribers;
        for (Mode mode : Mode.values()) {
            requests.put(mode, new LongAdder());
        }
    }

    public String name() {
        return name;
    }

    public String epoch() {
        return epoch;
    }

    /**
     * Appends a message with the next seq, hands it to every event loop with push subscribers and wakes every
     * parked long poll. A subscriber whose queue is full is cut off on its loop, not waited for.
     *
     * @param data      the message as JSON text
     * @param bodyBytes size of the published body
     * @param now       publish time, epoch milliseconds
     */
    public Message publish(String data, long bodyBytes, long now) {
        Message message;
        List<Map.Entry<LongPollWaiter, Catchup>> woken;
        synchronized (this) {
            message = Message.of(++lastSeq, now, data, bodyBytes, epoch);
            history.append(message, now);
            for (LoopFanOut loop : loops.values()) {
                loop.publish(message);
            }
            if (waiters.isEmpty()) {
                return message;
            }
            woken = new ArrayList<>(waiters.size());
            for (Map.Entry<LongPollWaiter, Waiting> e : waiters.entrySet()) {
                Waiting w = e.getValue();
                woken.add(Map.entry(e.getKey(), catchup(new Position(w.after(), epoch), w.max())));
            }
            waiters.clear();
        }
        for (Map.Entry<LongPollWaiter, Catchup> e : woken) {
            e.getKey().wake(e.getValue());
        }
        return message;
    }

    /** What a short poll gets: messages after the position (at most {@code max}) and any signal, at once. */
    public synchronized Catchup read(Position position, int max, long now) {
        history.expire(now);
        return catchup(position, max);
    }

    /**
     * A long poll: what is there now if there is anything after the position (or a signal); otherwise, if a waiter
     * is given, parks it until the next publish. Either way the returned {@link Catchup#next()} is where the client
     * stands (for a position without {@code after}: the newest seq now).
     *
     * @param waiter the request to park, or {@code null} to only look
     * @return messages and signals now; if it has none, the waiter (if any) is parked
     * @throws PushException 429 if the waiter would exceed the topic's maximum of subscribers
     */
    public synchronized Catchup pollOrWait(Position position, int max, long now, LongPollWaiter waiter) {
        history.expire(now);
        Position at = position.after() != null ? position : new Position(lastSeq, epoch);
        Catchup current = catchup(at, max);
        if (!current.hasNews() && waiter != null) {
            checkCapacity();
            waiters.put(waiter, new Waiting(current.next(), max));
        }
        return current;
    }

    /** Removes a parked long poll; {@code false} if it was already woken (or never parked). */
    public synchronized boolean cancelWait(LongPollWaiter waiter) {
        return waiters.remove(waiter) != null;
    }

    /**
     * Registers an SSE or WebSocket subscriber and queues for it, atomically with respect to publishing, the
     * signal and catch-up from the history for its position: nothing is lost or sent twice between the two.
     *
     * @throws PushException 429 if the topic has its maximum of subscribers
     */
    public synchronized void subscribe(PushSubscriber subscriber, Position position, long now) {
        checkCapacity();
        history.expire(now);
        Catchup catchup = position.after() == null
                ? new Catchup(List.of(), lastSeq, null, null)
                : catchup(position, Integer.MAX_VALUE);
        loops.computeIfAbsent(subscriber.eventLoop(), l -> new LoopFanOut(subscriber.context)).add(subscriber);
        pushSubscribers++;
        subscriber.start(catchup);
    }

    /** Forgets a push subscriber; called once per subscriber, when it closes. */
    synchronized void unsubscribe(PushSubscriber subscriber) {
        LoopFanOut loop = loops.get(subscriber.eventLoop());
        if (loop != null && loop.remove(subscriber)) {
            pushSubscribers--;
        }
    }

    /** Counts a request (short or long poll) or a connection (SSE, WebSocket) to this topic. */
    public void countRequest(Mode mode) {
        requests.get(mode).increment();
    }

    public synchronized TopicStats stats(long now) {
        history.expire(now);
        Map<String, Integer> subscribers = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            subscribers.put(mode.tag(), 0);
        }
        subscribers.put(Mode.LONG_POLL.tag(), waiters.size());
        for (LoopFanOut loop : loops.values()) {
            for (PushSubscriber s : loop.subscribers()) {
                subscribers.merge(s.mode().tag(), 1, Integer::sum);
            }
        }
        Map<String, Long> counted = new LinkedHashMap<>();
        requests.forEach((mode, n) -> counted.put(mode.tag(), n.sum()));
        return new TopicStats(name, epoch, lastSeq, history.firstSeq(lastSeq), history.size(), history.bytes(),
                subscribers, counted);
    }

    /** Subscribers now in one mode (for the gauges). */
    public synchronized int subscribers(Mode mode) {
        if (mode == Mode.LONG_POLL) {
            return waiters.size();
        }
        int n = 0;
        for (LoopFanOut loop : loops.values()) {
            for (PushSubscriber s : loop.subscribers()) {
                if (s.mode() == mode) {
                    n++;
                }
            }
        }
        return n;
    }

    private void checkCapacity() {
        if (pushSubscribers + waiters.size() >= maxSubscribers) {
            throw PushException.tooMany("too many subscribers on topic '" + name + "'")
                    .with("topic", name).with("limit", maxSubscribers);
        }
    }

    /**
     * The rules of resuming, in one place. A position from another epoch, or one ahead of the stream (which only a
     * client of an earlier epoch can hold), is reset to the beginning of the history; a position whose next
     * messages have left the history gets a gap; either way delivery continues at the first seq still held.
     */
    private Catchup catchup(Position position, int max) {
        long first = history.firstSeq(lastSeq);
        long after = position.after();
        Reset reset = null;
        Gap gap = null;
        long from;
        if (position.epoch() != null && !position.epoch().equals(epoch)) {
            reset = new Reset(Reset.EPOCH_MISMATCH, epoch, first);
            from = first;
        } else if (after > lastSeq) {
            reset = new Reset(Reset.AHEAD_OF_STREAM, epoch, first);
            from = first;
        } else if (after < first - 1) {
            gap = new Gap(after, first, first - 1 - after);
            from = first;
        } else {
            from = after + 1;
        }
        List<Message> messages = history.from(from, max);
        long next = messages.isEmpty() ? from - 1 : messages.get(messages.size() - 1).seq();
        return new Catchup(messages, next, gap, reset);
    }
}
