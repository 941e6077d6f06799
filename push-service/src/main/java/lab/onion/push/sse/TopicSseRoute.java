package lab.onion.push.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import lab.onion.push.config.PushConfig;
import lab.onion.push.metrics.PushMetrics;
import lab.onion.push.rest.ErrorMapper;
import lab.onion.push.rest.TokenGuard;
import lab.onion.push.topic.Mode;
import lab.onion.push.topic.Position;
import lab.onion.push.topic.PushException;
import lab.onion.push.topic.Topic;
import lab.onion.push.topic.TopicRegistry;

/**
 * Server-Sent Events: {@code GET /topics/{topic}/sse}. Resumes after the {@code Last-Event-ID} header (what a
 * browser's EventSource sends when it reconnects) or else {@code ?after=N}; with neither, only new messages. A
 * refused subscription is an HTTP error with the JSON body every endpoint answers with.
 * <p>
 * A Vert.x route rather than a REST resource returning a {@code Multi}: the REST layer serialises each event on its
 * own, writes and flushes it alone, and asks for the next one only when that write is done, which cost several
 * times the socket write per event and left no way to batch. Here the events are bytes made once per message, and
 * a subscriber that falls behind gets everything waiting in one write.
 */
@ApplicationScoped
public class TopicSseRoute {

    static final String PATH = "/topics/:topic/sse";

    private final TopicRegistry topics;
    private final PushConfig config;
    private final PushMetrics metrics;
    private final TokenGuard tokens;
    private final ObjectMapper json;
    private final Vertx vertx;

    TopicSseRoute(TopicRegistry topics, PushConfig config, PushMetrics metrics, TokenGuard tokens, ObjectMapper json,
                  Vertx vertx) {
        this.topics = topics;
        this.config = config;
        this.metrics = metrics;
        this.tokens = tokens;
        this.json = json;
        this.vertx = vertx;
    }

    /** Routes registered here are matched before the REST layer's (which would answer this path with a 404). */
    void register(@Observes Router router) {
        router.get(PATH).handler(this::stream);
    }

    private void stream(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        try {
            tokens.checkSubscribe(request.getHeader(HttpHeaders.AUTHORIZATION), request.getParam("access_token"));
            String name = TopicRegistry.checkName(routing.pathParam("topic"));
            String lastEventId = request.getHeader("Last-Event-ID");
            String epoch = request.getParam("epoch");
            Position position = lastEventId != null && !lastEventId.isBlank()
                    ? Position.parse("Last-Event-ID", lastEventId.trim(), epoch)
                    : Position.parse("after", request.getParam("after"), epoch);
            Topic topic = topics.topic(name);
            topic.countRequest(Mode.SSE);
            metrics.request(Mode.SSE);
            var subscriber = new SseSubscriber(topic, Vertx.currentContext(), metrics, config, request, vertx);
            // Registered before the head is sent, so that a full topic is a 429 and not an event. The catch-up it
            // queues is written from a task on this event loop, after the head.
            topic.subscribe(subscriber, position, System.currentTimeMillis());
            subscriber.open();
        } catch (PushException e) {
            refuse(routing, e);
        }
    }

    private void refuse(RoutingContext routing, PushException e) {
        var response = routing.response().setStatusCode(e.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (e.status() == 401) {
            response.putHeader("WWW-Authenticate", ErrorMapper.BEARER_CHALLENGE);
        }
        try {
            response.end(json.writeValueAsString(e.body()));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot write JSON", impossible);
        }
    }
}
