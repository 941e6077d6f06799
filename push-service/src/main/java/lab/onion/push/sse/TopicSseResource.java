package lab.onion.push.sse;

import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import lab.onion.push.config.PushConfig;
import lab.onion.push.metrics.PushMetrics;
import lab.onion.push.rest.TokenGuard;
import lab.onion.push.topic.Mode;
import lab.onion.push.topic.Position;
import lab.onion.push.topic.Topic;
import lab.onion.push.topic.TopicRegistry;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-Sent Events: {@code GET /topics/{topic}/sse}. Resumes after the {@code Last-Event-ID} header (what a
 * browser's EventSource sends when it reconnects) or else {@code ?after=N}; with neither, only new messages.
 */
@Path("/topics/{topic}/sse")
public class TopicSseResource {

    /** How long the REST layer may take to start a stream before its subscriber is forgotten. */
    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final TopicRegistry topics;
    private final PushConfig config;
    private final PushMetrics metrics;
    private final TokenGuard tokens;
    private final Vertx vertx;

    TopicSseResource(TopicRegistry topics, PushConfig config, PushMetrics metrics, TokenGuard tokens, Vertx vertx) {
        this.topics = topics;
        this.config = config;
        this.metrics = metrics;
        this.tokens = tokens;
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<OutboundSseEvent> stream(@RestPath String topic, @RestQuery String after, @RestQuery String epoch,
                                          @RestHeader("Last-Event-ID") String lastEventId,
                                          @RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
                                          @RestQuery("access_token") String accessToken,
                                          @Context Sse sse, HttpServerRequest request) {
        tokens.checkSubscribe(authorization, accessToken);
        TopicRegistry.checkName(topic);
        Position position = lastEventId != null && !lastEventId.isBlank()
                ? Position.parse("Last-Event-ID", lastEventId.trim(), epoch)
                : Position.parse("after", after, epoch);
        Topic t = topics.topic(topic);
        t.countRequest(Mode.SSE);
        metrics.request(Mode.SSE);
        var subscriber = new SseSubscriber(t, Vertx.currentContext(), metrics, config, sse, request, vertx);
        // Registered now, so that a full topic is a 429 and not an event; the stream starts when the writer subscribes.
        t.subscribe(subscriber, position, System.currentTimeMillis());
        vertx.setTimer(START_TIMEOUT_MILLIS, id -> subscriber.abandonIfNotStarted());
        return Multi.createFrom().publisher(subscriber);
    }
}
