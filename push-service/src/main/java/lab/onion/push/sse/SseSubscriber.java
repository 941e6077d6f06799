package lab.onion.push.sse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseEncoder;
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
 * One SSE stream: a {@link PushSubscriber} writing events ({@link SseEvents}, encoded once per message), a batch
 * of them with one write and one flush, while the response's write queue is not full; its drain handler says when
 * to go on. A client that stops reading fills its queue and is cut off with a final {@code event: error}.
 * <p>
 * Over HTTP/1.1 (what browsers use for plain {@code http://}) the events are written as ready-made chunks of the
 * chunked body, below Vert.x's HTTP encoder, as WebSocket frames are: the response API would frame each one and
 * pass it through its handlers again, per subscriber. Over HTTP/2 (h2c) they go through the
 * response, which makes the DATA frames. Vert.x writes the head and the end of the response either way.
 */
final class SseSubscriber extends PushSubscriber {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final long closeGraceMillis;
    private final boolean tcpNoDelay;
    /** HTTP/1.1: where the HTTP encoder's output enters the pipeline; {@code null}: write through the response. */
    private ChannelHandlerContext belowEncoder;
    private ChannelPromise voidPromise;
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
            belowEncoder = belowEncoder(http, HttpResponseEncoder.class);
            voidPromise = http.voidPromise;
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
        boolean chunks = belowEncoder != null;
        if (item instanceof Message m) {
            return chunks ? m.wire(Message.Wire.SSE_CHUNK, SseEvents::messageChunk)
                    : m.wire(Message.Wire.SSE_EVENT, SseEvents::message);
        }
        ByteBuf event;
        if (item instanceof Gap gap) {
            event = SseEvents.event("gap", Long.toString(gap.first() - 1), Frames.gap(gap, topic().epoch()));
        } else {
            Reset reset = (Reset) item;
            event = SseEvents.event("reset", Long.toString(reset.first() - 1), Frames.reset(reset));
        }
        return chunks ? SseEvents.chunk(event) : event;
    }

    @Override
    protected void write(ByteBuf batch) {
        if (belowEncoder != null) {
            belowEncoder.writeAndFlush(batch, voidPromise);
        } else {
            response.write(Buffer.buffer(batch), null);
        }
    }

    /**
     * A final {@code event: error} and the end of the response, then, over HTTP/1.1, the end of the
     * connection: ending the response alone would leave it open for keep-alive, and the client
     * would never learn the gateway let go. (Over HTTP/2 the stream ends; other streams on the
     * connection go on.) A client that does not take the event is cut.
     */
    @Override
    protected void closeTransport(String reason, String detail) {
        if (done || response.ended()) {
            return;
        }
        response.end(Buffer.buffer(SseEvents.event("error", null, Frames.error(reason, detail))))
                .onComplete(ended -> {
                    done = true;
                    if (request.version() != HttpVersion.HTTP_2) {
                        request.connection().close();
                    }
                });
        vertx.setTimer(closeGraceMillis, id -> {
            if (!done) {
                // The error event could not get through (the client does not read): cut the connection.
                done = true;
                cut(request.connection());
            }
        });
    }
}
