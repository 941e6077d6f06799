package lab.onion.push.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.push.topic.Mode;
import lab.onion.push.topic.Topic;
import lab.onion.push.topic.TopicRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway counts, exported at {@code /q/metrics} as {@code push_*}; every per-mode meter has the tag
 * {@code mode} ({@code short-poll}, {@code long-poll}, {@code sse}, {@code websocket}).
 */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry registry;
    private final Map<Mode, Counter> requests = new EnumMap<>(Mode.class);
    private final Map<Mode, Counter> deliveries = new EnumMap<>(Mode.class);
    private final Map<Mode, Counter> drops = new EnumMap<>(Mode.class);
    private final Map<String, Counter> closed = new ConcurrentHashMap<>();
    private final Counter published;
    private final Timer publishTime;

    PushMetrics(MeterRegistry registry, TopicRegistry topics) {
        this.registry = registry;
        for (Mode mode : Mode.values()) {
            String tag = mode.tag();
            requests.put(mode, Counter.builder("push.requests").tag("mode", tag)
                    .description("subscribe requests: polls, SSE streams and WebSocket connections").register(registry));
            deliveries.put(mode, Counter.builder("push.deliveries").tag("mode", tag)
                    .description("messages delivered to subscribers (written to the connection)").register(registry));
            drops.put(mode, Counter.builder("push.drops").tag("mode", tag)
                    .description("queued messages dropped because the gateway cut their subscriber off")
                    .register(registry));
            Gauge.builder("push.subscribers", topics, t -> count(t, mode)).tag("mode", tag)
                    .description("subscribers connected or waiting now").register(registry);
        }
        published = Counter.builder("push.published").description("messages published").register(registry);
        publishTime = Timer.builder("push.publish.time").description("time to store and fan out one publish")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    private static double count(TopicRegistry topics, Mode mode) {
        int n = 0;
        for (Topic topic : topics.all()) {
            n += topic.subscribers(mode);
        }
        return n;
    }

    public void request(Mode mode) {
        requests.get(mode).increment();
    }

    public void delivered(Mode mode, int messages) {
        if (messages > 0) {
            deliveries.get(mode).increment(messages);
        }
    }

    public void dropped(Mode mode, int messages) {
        if (messages > 0) {
            drops.get(mode).increment(messages);
        }
    }

    /** A subscription ended; {@code reason} is {@code client}, {@code slow-consumer} or {@code dead-peer}. */
    public void closed(Mode mode, String reason) {
        closed.computeIfAbsent(mode.tag() + "/" + reason, k -> Counter.builder("push.subscribers.closed")
                .tag("mode", mode.tag()).tag("reason", reason)
                .description("subscriptions ended, by who ended them and why").register(registry)).increment();
    }

    public void published(long nanos) {
        published.increment();
        publishTime.record(nanos, TimeUnit.NANOSECONDS);
    }
}
