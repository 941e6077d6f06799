package lab.onion.push.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
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

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket subscriber. Frames are written straight to the connection's channel as bytes encoded once per
 * message ({@link WsFrames}), a batch of them with one write and one flush, while the channel is writable (its
 * write buffer below Netty's high-water mark, 64 KiB); the rest wait in the {@link PushSubscriber} queue until
 * {@link WritabilityWatch} says the buffer has drained. A message is the text frame
 * {@code {"seq":N,"data":...,"ts":T,"epoch":E}}; signals are frames with a {@code type} ({@code gap},
 * {@code reset}, {@code error}).
 * <p>
 * Why not {@code connection.sendText}: it made a Uni, a context capture, a frame object and a flush per frame per
 * subscriber, which cost more than the socket writes themselves. Control frames (pings, close) still go through
 * websockets-next, on the same connection, in order with these writes.
 */
final class WsSubscriber extends PushSubscriber {

    /** Close codes (RFC 6455): the peer broke a rule of this gateway (too slow, no pong, bad request). */
    static final int POLICY_VIOLATION = 1008;

    private final WebSocketConnection connection;
    private final ConnectionBase http;
    /** Where the frame encoder's output enters the pipeline, or {@code null}: see {@link #belowEncoder}. */
    private final ChannelHandlerContext belowEncoder;
    private final Vertx vertx;
    private final long closeGraceMillis;
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile boolean gone;

    /** On the connection's event loop; {@code http} is the connection under the WebSocket ({@link ConnectionCapture}). */
    WsSubscriber(Topic topic, Context context, PushMetrics metrics, PushConfig config,
                 WebSocketConnection connection, ConnectionBase http, Vertx vertx) {
        super(Mode.WEBSOCKET, topic, context, metrics, config.subscriber().maxQueuedMessages(),
                config.subscriber().maxQueuedBytes());
        this.connection = connection;
        this.http = http;
        this.vertx = vertx;
        this.closeGraceMillis = config.subscriber().closeGrace().toMillis();
        this.belowEncoder = belowEncoder(http, WebSocketFrameEncoder.class);
        noDelay(http, config.subscriber().tcpNoDelay());
        // Before Vert.x's handler, which does not pass the event on.
        http.channel().pipeline().addBefore(http.channelHandlerContext().name(), WritabilityWatch.NAME,
                new WritabilityWatch(this::wake));
    }

    /** The peer sent something (a pong, a frame): it is alive. */
    void touch() {
        lastSeen = System.currentTimeMillis();
    }

    long lastSeen() {
        return lastSeen;
    }

    /** The WebSocket is closed, whoever closed it. */
    void connectionClosed() {
        gone = true;
        transportClosed();
    }

    @Override
    protected boolean writable() {
        return !gone && !http.isNotWritable();
    }

    @Override
    protected ByteBuf encode(Outbound item) {
        if (item instanceof Message m) {
            return m.wire(Message.Wire.WEBSOCKET_FRAME, WsFrames::message);
        }
        if (item instanceof Gap gap) {
            return WsFrames.text(Frames.gap(gap, topic().epoch()));
        }
        return WsFrames.text(Frames.reset((Reset) item));
    }

    @Override
    protected void write(ByteBuf batch) {
        // On the event loop, like every write to this connection, so the order with websockets-next's pings and
        // close frame holds. Below the encoder the handlers above it (Vert.x's, the idle timer) are skipped, and
        // with them a promise and a listener per write.
        if (belowEncoder != null) {
            belowEncoder.writeAndFlush(batch, http.voidPromise);
        } else {
            http.writeToChannel(batch, http.voidPromise);
        }
    }

    @Override
    protected void closeTransport(String reason, String detail) {
        connection.close(new CloseReason(POLICY_VIOLATION, closeReason(detail))).subscribe().with(ok -> {
        }, failure -> {
        });
        cutAfterGrace();
    }

    /** Refuses the subscription before it started: an error frame, then a close with a code and reason. */
    static void reject(WebSocketConnection connection, HttpConnection http, Vertx vertx, long graceMillis,
                       int code, String reason, String errorFrame) {
        connection.sendText(errorFrame)
                .onItemOrFailure().transformToUni((v, t) -> connection.close(new CloseReason(code, closeReason(reason))))
                .subscribe().with(ok -> {
                }, failure -> {
                });
        if (http != null) {
            vertx.setTimer(graceMillis, id -> {
                if (!connection.isClosed()) {
                    cut(http);
                }
            });
        }
    }

    private void cutAfterGrace() {
        vertx.setTimer(closeGraceMillis, id -> {
            if (!gone) {
                // The close frame is stuck behind frames the peer never read: cut the TCP connection.
                cut(http);
            }
        });
    }

    /** A close reason has at most 123 bytes of UTF-8. */
    static String closeReason(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = new String(bytes, 0, 120, StandardCharsets.UTF_8);
        // Dropping a possibly split last character keeps the reason valid UTF-8.
        return cut.substring(0, cut.length() - 1) + "...";
    }
}
