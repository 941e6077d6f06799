package lab.onion.push.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import lab.onion.push.config.PushConfig;
import lab.onion.push.metrics.PushMetrics;
import lab.onion.push.rest.TokenGuard;
import lab.onion.push.topic.Frames;
import lab.onion.push.topic.Mode;
import lab.onion.push.topic.Position;
import lab.onion.push.topic.PushException;
import lab.onion.push.topic.Topic;
import lab.onion.push.topic.TopicRegistry;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * WebSocket: {@code ws://HOST/topics/{topic}/ws?after=N&epoch=E}, one text frame per message. Without {@code after},
 * only new messages. A refused subscription gets an error frame, then close 1008 (bad request, bad token) or 1013
 * (too many subscribers: try again later).
 */
@WebSocket(path = "/topics/{topic}/ws", endpointId = TopicSocket.ENDPOINT_ID)
public class TopicSocket {

    static final String ENDPOINT_ID = "push-topic-ws";
    private static final Logger LOG = Logger.getLogger(TopicSocket.class);
    private static final UserData.TypedKey<WsSubscriber> SUBSCRIBER = new UserData.TypedKey<>("push.subscriber");
    private static final int TRY_AGAIN_LATER = 1013;

    private final TopicRegistry topics;
    private final PushConfig config;
    private final PushMetrics metrics;
    private final TokenGuard tokens;
    private final WsLiveness liveness;
    private final Vertx vertx;

    TopicSocket(TopicRegistry topics, PushConfig config, PushMetrics metrics, TokenGuard tokens,
                WsLiveness liveness, Vertx vertx) {
        this.topics = topics;
        this.config = config;
        this.metrics = metrics;
        this.tokens = tokens;
        this.liveness = liveness;
        this.vertx = vertx;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        HandshakeRequest handshake = connection.handshakeRequest();
        Map<String, List<String>> query = new QueryStringDecoder(handshake.path() + "?"
                + (handshake.query() == null ? "" : handshake.query())).parameters();
        HttpConnection http = connection.userData().get(ConnectionCapture.HTTP_CONNECTION);
        try {
            tokens.checkSubscribe(handshake.header("Authorization"), first(query, "access_token"));
            String name = TopicRegistry.checkName(connection.pathParam("topic"));
            Position position = Position.parse("after", first(query, "after"), first(query, "epoch"));
            Topic topic = topics.topic(name);
            topic.countRequest(Mode.WEBSOCKET);
            metrics.request(Mode.WEBSOCKET);
            var subscriber = new WsSubscriber(topic, Vertx.currentContext(), metrics, config, connection,
                    connectionBase(http), vertx);
            connection.userData().put(SUBSCRIBER, subscriber);
            topic.subscribe(subscriber, position, System.currentTimeMillis());
            liveness.watch(subscriber);
            LOG.debugf("subscriber joined: topic=%s mode=websocket id=%s", name, subscriber.id());
        } catch (PushException e) {
            connection.userData().remove(SUBSCRIBER);
            int code = e.status() == 429 ? TRY_AGAIN_LATER : WsSubscriber.POLICY_VIOLATION;
            WsSubscriber.reject(connection, http, vertx, config.subscriber().closeGrace().toMillis(), code,
                    e.error(), Frames.error(e));
        }
    }

    /** Clients have nothing to say; anything they send only shows they are alive. */
    @OnTextMessage
    @NonBlocking
    public void onText(WebSocketConnection connection, String text) {
        touch(connection);
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(WebSocketConnection connection, Buffer data) {
        touch(connection);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        WsSubscriber subscriber = connection.userData().get(SUBSCRIBER);
        if (subscriber != null) {
            liveness.forget(subscriber);
            subscriber.connectionClosed();
        }
    }

    private static void touch(WebSocketConnection connection) {
        WsSubscriber subscriber = connection.userData().get(SUBSCRIBER);
        if (subscriber != null) {
            subscriber.touch();
        }
    }

    /** Vert.x 4 runs every WebSocket over an HTTP/1.1 connection of its own kind, which the frames are written to. */
    private static ConnectionBase connectionBase(HttpConnection http) {
        if (http instanceof ConnectionBase base) {
            return base;
        }
        throw new IllegalStateException("a WebSocket over an unexpected connection: "
                + (http == null ? "none captured" : http.getClass().getName()));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
