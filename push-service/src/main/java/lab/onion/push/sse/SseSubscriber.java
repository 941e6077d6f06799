package lab.onion.push.sse;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import lab.onion.push.config.PushConfig;
import lab.onion.push.metrics.PushMetrics;
import lab.onion.push.topic.Frames;
import lab.onion.push.topic.Gap;
import lab.onion.push.topic.Message;
import lab.onion.push.topic.Mode;
import lab.onion.push.topic.Outbound;
import lab.onion.push.topic.PushSubscriber;
import lab.onion.push.topic.Reset;
import lab.onion.push.topic.Topic;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SSE stream: a {@link PushSubscriber} whose transport is the REST layer's SSE writer, which asks for the next
 * event only when the previous one is written. That demand is the write window: a client that stops reading stops
 * the demand, its queue fills, and it is cut off with a final {@code event: error}.
 * <p>
 * Events: a message is {@code id: seq} and {@code data: {"seq":N,"data":...,"ts":T,"epoch":E}}; signals are
 * {@code event: gap} and {@code event: reset} with {@code id:} set to the position the stream continues after, and
 * {@code event: error} before the gateway closes the stream.
 */
final class SseSubscriber extends PushSubscriber implements Flow.Publisher<OutboundSseEvent>, Flow.Subscription {

    private final Sse sse;
    private final HttpServerRequest request;
    private final Vertx vertx;
    private final long closeGraceMillis;
    private final AtomicLong demand = new AtomicLong();
    private volatile Flow.Subscriber<? super OutboundSseEvent> downstream;
    private volatile boolean done;
    private volatile OutboundSseEvent farewell;
    private volatile boolean farewellSent;

    SseSubscriber(Topic topic, Context context, PushMetrics metrics, PushConfig config, Sse sse,
                  HttpServerRequest request, Vertx vertx) {
        super(Mode.SSE, topic, context, metrics, config.subscriber().maxQueuedMessages(),
                config.subscriber().maxQueuedBytes());
        this.sse = sse;
        this.request = request;
        this.vertx = vertx;
        this.closeGraceMillis = config.subscriber().closeGrace().toMillis();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super OutboundSseEvent> subscriber) {
        if (downstream != null) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("an SSE stream has one reader"));
            return;
        }
        downstream = subscriber;
        subscriber.onSubscribe(this);
    }

    /** Called by the SSE writer: once at the start, then once for every event written. */
    @Override
    public void request(long n) {
        if (done || n <= 0) {
            return;
        }
        demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        if (farewell != null) {
            context.runOnContext(v -> farewellStep());
        } else {
            wake();
        }
    }

    /** The stream is over: the client went away, or the writer failed. */
    @Override
    public void cancel() {
        done = true;
        transportClosed();
    }

    /** The stream never started (the client left before the headers were written): forget it. */
    void abandonIfNotStarted() {
        if (downstream == null && !done) {
            done = true;
            transportClosed();
        }
    }

    @Override
    protected boolean writable() {
        return downstream != null && !done && demand.get() > 0;
    }

    @Override
    protected void write(Outbound item) {
        demand.decrementAndGet();
        downstream.onNext(event(item));
        if (item instanceof Message) {
            metrics.delivered(Mode.SSE, 1);
        }
    }

    @Override
    protected void closeTransport(String reason, String detail) {
        farewell = sse.newEventBuilder().name("error").data(Frames.error(reason, detail)).build();
        farewellStep();
        vertx.setTimer(closeGraceMillis, id -> {
            if (!done) {
                // The error event could not get through (the client does not read): cut the connection.
                done = true;
                cut(request.connection());
            }
        });
    }

    /** Sends the final error event when there is demand for it; completes the stream once it is written. */
    private void farewellStep() {
        var subscriber = downstream;
        if (done || subscriber == null || demand.get() <= 0) {
            return;
        }
        if (!farewellSent) {
            farewellSent = true;
            demand.decrementAndGet();
            subscriber.onNext(farewell);
        } else {
            done = true;
            subscriber.onComplete();
        }
    }

    private OutboundSseEvent event(Outbound item) {
        var builder = sse.newEventBuilder();
        if (item instanceof Message m) {
            return builder.id(Long.toString(m.seq())).data(m.frame()).build();
        }
        if (item instanceof Gap gap) {
            return builder.name("gap").id(Long.toString(gap.first() - 1)).data(Frames.gap(gap, topic().epoch())).build();
        }
        Reset reset = (Reset) item;
        return builder.name("reset").id(Long.toString(reset.first() - 1)).data(Frames.reset(reset)).build();
    }
}
