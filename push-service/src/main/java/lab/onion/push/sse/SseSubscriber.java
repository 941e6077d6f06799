package lab.onion.push.sse;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
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

/**
 * One SSE stream: a {@link PushSubscriber} writing events ({@link SseEvents}, encoded once per message) to the
 * Vert.x response, a batch of them as one chunk with one flush, while the response's write queue is not full;
 * its drain handler says when to go on. A client that stops reading fills its queue and is cut off with a final
 * {@code event: error}. Works the same over HTTP/1.1 (chunked) and HTTP/2 (h2c).
 */
final class SseSubscriber extends PushSubscriber {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final long closeGraceMillis;
    private final boolean tcpNoDelay;
    /** The response is over: the client left, or the gateway's last event is written. */
    private volatile boolean done;

    SseSubscriber(Topic topic, Context context, PushMetrics metrics, PushConfig config, HttpServerRequest request,
                  Vertx vertx) {
        super(Mode.SSE, topic, context, metrics, config.subscriber().maxQueuedMessages(),
                config.subscriber().maxQueuedBytes());
        this.request = request;
        this.response = request.response();
        this.vertx = vertx;
        this.closeGraceMillis = config.subscriber().closeGrace().toMillis();
        this.tcpNoDelay = config.subscriber().tcpNoDelay();
    }

    /** Sends the response head and starts listening to the connection; on the request's event loop. */
    void open() {
        if (request.version() != HttpVersion.HTTP_2 && request.connection() instanceof ConnectionBase http) {
            noDelay(http, tcpNoDelay);
        }
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .closeHandler(v -> clientLeft())
                .exceptionHandler(failure -> clientLeft())
                .drainHandler(v -> wake());
        response.writeHead();
    }

    private void clientLeft() {
        done = true;
        transportClosed();
    }

    @Override
    protected boolean writable() {
        return !done && !response.ended() && !response.writeQueueFull();
    }

    @Override
    protected ByteBuf encode(Outbound item) {
        if (item instanceof Message m) {
            return m.wire(Mode.SSE, SseEvents::message);
        }
        if (item instanceof Gap gap) {
            return SseEvents.event("gap", Long.toString(gap.first() - 1), Frames.gap(gap, topic().epoch()));
        }
        Reset reset = (Reset) item;
        return SseEvents.event("reset", Long.toString(reset.first() - 1), Frames.reset(reset));
    }

    @Override
    protected void write(ByteBuf batch) {
        response.write(Buffer.buffer(batch), null);
    }

    /** A final {@code event: error} and the end of the response; a client that does not take it is cut. */
    @Override
    protected void closeTransport(String reason, String detail) {
        if (done || response.ended()) {
            return;
        }
        response.end(Buffer.buffer(SseEvents.event("error", null, Frames.error(reason, detail))))
                .onComplete(ended -> done = true);
        vertx.setTimer(closeGraceMillis, id -> {
            if (!done) {
                // The error event could not get through (the client does not read): cut the connection.
                done = true;
                cut(request.connection());
            }
        });
    }
}
