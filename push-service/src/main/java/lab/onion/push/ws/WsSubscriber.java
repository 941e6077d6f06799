package lab.onion.push.ws;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket subscriber: at most {@link #WINDOW} frames written but not yet flushed to the socket; the rest wait
 * in the {@link PushSubscriber} queue. A message is the text frame {@code {"seq":N,"data":...,"ts":T,"epoch":E}};
 * signals are frames with a {@code type} ({@code gap}, {@code reset}, {@code error}).
 */
final class WsSubscriber extends PushSubscriber {

    /** Frames handed to the connection and not yet written to the socket. */
    static final int WINDOW = 16;

    /** Close codes (RFC 6455): the peer broke a rule of this gateway (too slow, no pong, bad request). */
    static final int POLICY_VIOLATION = 1008;

    private final WebSocketConnection connection;
    private final HttpConnection http;
    private final Vertx vertx;
    private final long closeGraceMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastSeen = System.currentTimeMillis();
    private volatile boolean gone;

    WsSubscriber(Topic topic, Context context, PushMetrics metrics, PushConfig config,
                 WebSocketConnection connection, HttpConnection http, Vertx vertx) {
        super(Mode.WEBSOCKET, topic, context, metrics, config.subscriber().maxQueuedMessages(),
                config.subscriber().maxQueuedBytes());
        this.connection = connection;
        this.http = http;
        this.vertx = vertx;
        this.closeGraceMillis = config.subscriber().closeGrace().toMillis();
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
        return !gone && inFlight.get() < WINDOW;
    }

    @Override
    protected void write(Outbound item) {
        inFlight.incrementAndGet();
        connection.sendText(frame(item)).subscribe().with(
                ok -> {
                    inFlight.decrementAndGet();
                    if (item instanceof Message) {
                        metrics.delivered(Mode.WEBSOCKET, 1);
                    }
                    wake();
                },
                failure -> inFlight.decrementAndGet());
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
        if (http == null) {
            return;
        }
        vertx.setTimer(closeGraceMillis, id -> {
            if (!gone) {
                // The close frame is stuck behind frames the peer never read: cut the TCP connection.
                cut(http);
            }
        });
    }

    private String frame(Outbound item) {
        if (item instanceof Message m) {
            return m.frame();
        }
        if (item instanceof Gap gap) {
            return Frames.gap(gap, topic().epoch());
        }
        return Frames.reset((Reset) item);
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
