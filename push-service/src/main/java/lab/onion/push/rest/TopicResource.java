package lab.onion.push.rest;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import lab.onion.push.config.PushConfig;
import lab.onion.push.metrics.PushMetrics;
import lab.onion.push.topic.Catchup;
import lab.onion.push.topic.LongPollWaiter;
import lab.onion.push.topic.Message;
import lab.onion.push.topic.Mode;
import lab.onion.push.topic.Position;
import lab.onion.push.topic.PushException;
import lab.onion.push.topic.Topic;
import lab.onion.push.topic.TopicRegistry;
import lab.onion.push.topic.TopicStats;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Publishing, short polling and long polling, and what the topics look like. Everything here is cheap and never
 * waits, so it runs on the event loop; a long poll parks on its topic with a timer instead of holding a thread.
 */
@Path("/topics")
@NonBlocking
@Produces(MediaType.APPLICATION_JSON)
public class TopicResource {

    /** The modes served under {@code /topics/{topic}/...}. */
    static final List<String> MODES = List.of("messages", "poll", "sse", "ws");

    private final TopicRegistry topics;
    private final PushConfig config;
    private final PushMetrics metrics;
    private final TokenGuard tokens;
    private final PublishedBody bodies;
    private final Vertx vertx;

    TopicResource(TopicRegistry topics, PushConfig config, PushMetrics metrics, TokenGuard tokens,
                  PublishedBody bodies, Vertx vertx) {
        this.topics = topics;
        this.config = config;
        this.metrics = metrics;
        this.tokens = tokens;
        this.bodies = bodies;
        this.vertx = vertx;
    }

    @GET
    public TopicList list() {
        long now = System.currentTimeMillis();
        return new TopicList(topics.epoch(), topics.all().stream().map(t -> t.stats(now)).toList());
    }

    @GET
    @Path("{topic}")
    public TopicStats info(@RestPath String topic) {
        return topics.find(topic).orElseGet(() -> topics.empty(topic)).stats(System.currentTimeMillis());
    }

    /** Publish: the body (JSON or text) becomes the next message of the topic. */
    @POST
    @Path("{topic}")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@RestPath String topic, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
                            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        tokens.checkPublish(authorization);
        TopicRegistry.checkName(topic);
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > config.maxMessageSize()) {
            throw PushException.tooLarge("message too large: " + bytes.length + " bytes, the limit is "
                    + config.maxMessageSize()).with("size", bytes.length).with("limit", config.maxMessageSize());
        }
        String data = bodies.toData(bytes, contentType);
        long start = System.nanoTime();
        Topic t = topics.topic(topic);
        Message message = t.publish(data, bytes.length, System.currentTimeMillis());
        metrics.published(System.nanoTime() - start);
        return Response.status(Response.Status.CREATED)
                .entity(new PublishResponse(t.name(), message.seq(), t.epoch(), message.ts())).build();
    }

    /** Short poll: whatever there is after {@code after} (default 0: the whole history), at once. */
    @GET
    @Path("{topic}/messages")
    public PollResponse messages(@RestPath String topic, @RestQuery String after, @RestQuery String epoch,
                                 @RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
                                 @RestQuery("access_token") String accessToken) {
        tokens.checkSubscribe(authorization, accessToken);
        TopicRegistry.checkName(topic);
        Position position = Position.parse("after", after, epoch).orFromStart();
        Topic t = topics.find(topic).orElseGet(() -> topics.empty(topic));
        t.countRequest(Mode.SHORT_POLL);
        metrics.request(Mode.SHORT_POLL);
        Catchup catchup = t.read(position, config.poll().maxMessages(), System.currentTimeMillis());
        metrics.delivered(Mode.SHORT_POLL, catchup.messages().size());
        return PollResponse.of(t.name(), t.epoch(), catchup);
    }

    /**
     * Long poll: answers as soon as there is a message after {@code after} (default: the newest now, i.e. wait for
     * the next one), or with an empty list when {@code timeout} seconds have passed.
     */
    @GET
    @Path("{topic}/poll")
    public Uni<PollResponse> poll(@RestPath String topic, @RestQuery String after, @RestQuery String epoch,
                                  @RestQuery String timeout,
                                  @RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
                                  @RestQuery("access_token") String accessToken) {
        tokens.checkSubscribe(authorization, accessToken);
        TopicRegistry.checkName(topic);
        Position position = Position.parse("after", after, epoch);
        long timeoutMillis = timeoutMillis(timeout, config.poll().defaultTimeout(), config.poll().maxTimeout());
        Topic t = topics.topic(topic);
        t.countRequest(Mode.LONG_POLL);
        metrics.request(Mode.LONG_POLL);
        return Uni.createFrom().emitter(emitter -> park(t, position, timeoutMillis, emitter));
    }

    private void park(Topic topic, Position position, long timeoutMillis, UniEmitter<? super PollResponse> emitter) {
        var parked = new ParkedPoll(topic, emitter, Vertx.currentContext());
        Catchup now;
        try {
            now = topic.pollOrWait(position, config.poll().maxMessages(), System.currentTimeMillis(),
                    timeoutMillis > 0 ? parked : null);
        } catch (PushException e) {
            emitter.fail(e);
            return;
        }
        if (now.hasNews() || timeoutMillis == 0) {
            parked.answer(now);
            return;
        }
        parked.timer = vertx.setTimer(timeoutMillis, id -> {
            if (topic.cancelWait(parked)) {
                parked.answer(new Catchup(List.of(), now.next(), null, null));
            }
        });
        emitter.onTermination(() -> {
            topic.cancelWait(parked);
            vertx.cancelTimer(parked.timer);
        });
    }

    /** A long poll waiting on its topic, answered once: by a publish, or by its timer. */
    private final class ParkedPoll implements LongPollWaiter {
        private final Topic topic;
        private final UniEmitter<? super PollResponse> emitter;
        private final Context context;
        private volatile long timer = -1;

        ParkedPoll(Topic topic, UniEmitter<? super PollResponse> emitter, Context context) {
            this.topic = topic;
            this.emitter = emitter;
            this.context = context;
        }

        @Override
        public void wake(Catchup catchup) {
            context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                answer(catchup);
            });
        }

        void answer(Catchup catchup) {
            metrics.delivered(Mode.LONG_POLL, catchup.messages().size());
            emitter.complete(PollResponse.of(topic.name(), topic.epoch(), catchup));
        }
    }

    /** Any other {@code /topics/{topic}/...}: a JSON 404 naming the modes there are. */
    @GET
    @Path("{topic}/{mode}")
    public Response unknownMode(@RestPath String topic, @RestPath String mode) {
        if (mode.equals("ws")) {
            throw new PushException(426, "'/topics/{topic}/ws' is a WebSocket: connect with ws://, e.g. websocat")
                    .with("topic", topic);
        }
        throw PushException.notFound("unknown mode '" + mode + "'").with("topic", topic).with("modes", MODES);
    }

    static long timeoutMillis(String raw, Duration fallback, Duration max) {
        if (raw == null || raw.isEmpty()) {
            return Math.min(fallback.toMillis(), max.toMillis());
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            seconds = BigDecimal.valueOf(-1);
        }
        BigDecimal maxSeconds = BigDecimal.valueOf(max.toMillis(), 3);
        if (seconds.signum() < 0 || seconds.compareTo(maxSeconds) > 0) {
            throw PushException.badRequest("'timeout' must be a number of seconds from 0 to "
                    + maxSeconds.stripTrailingZeros().toPlainString() + ", got '" + abbreviate(raw) + "'")
                    .with("parameter", "timeout");
        }
        return seconds.movePointRight(3).longValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
