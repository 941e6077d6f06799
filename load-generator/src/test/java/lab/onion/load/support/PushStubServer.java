package lab.onion.load.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server that speaks the subset of push-service's API the load generator uses, on loopback and port 0:
 * {@code POST /topics/{t}} (bearer token), {@code GET /topics/{t}/messages?after=N}, {@code /poll?after=N&timeout=S}
 * (parked until a publish), {@code /sse} (resume by {@code Last-Event-ID} or {@code after}, {@code id: seq}) and the
 * WebSocket {@code /topics/{t}/ws?after=N}, with push-service's frames and a bounded history that signals gaps.
 * Everything runs on the server's one event loop, so its state needs no locks. It can stop mid-run, closing every
 * connection, as a crashing gateway would.
 */
public final class PushStubServer implements AutoCloseable {

    public static final String TOKEN = "stub-token";
    private static final Pattern PATH = Pattern.compile("/topics/([A-Za-z0-9._-]{1,64})(?:/(messages|poll|sse|ws))?");
    private static final String EPOCH = "stub-epoch";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final int historyLimit;
    private final Map<String, Topic> topics = new HashMap<>();
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();

    private record Message(long seq, String data, long ts) {
        String frame() {
            return "{\"seq\":" + seq + ",\"data\":" + data + ",\"ts\":" + ts + ",\"epoch\":\"" + EPOCH + "\"}";
        }

        JsonObject json() {
            return new JsonObject().put("seq", seq).put("data", new JsonObject(data)).put("ts", ts);
        }
    }

    private static final class Topic {
        final List<Message> history = new ArrayList<>();
        final List<Consumer<Message>> streams = new ArrayList<>();
        final List<Runnable> parked = new ArrayList<>();
        long lastSeq;
    }

    public PushStubServer() throws Exception {
        this(10_000);
    }

    /** @param historyLimit messages kept per topic; older ones are gone and a position before them gets a gap */
    public PushStubServer(int historyLimit) throws Exception {
        this.historyLimit = historyLimit;
        server = vertx.createHttpServer()
                .connectionHandler(c -> {
                    connections.add(c);
                    c.closeHandler(v -> connections.remove(c));
                })
                .webSocketHandler(this::webSocket)
                .requestHandler(this::request)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops ({@link #stop()}) {@code millis} after the first publish. */
    public void stopAfterFirstPublish(long millis) {
        stopAfterMillis = millis;
    }

    private volatile long stopAfterMillis = -1;

    /** Stops listening and closes every connection. */
    public void stop() throws Exception {
        vertx.runOnContext(v -> closeAll());
    }

    private void closeAll() {
        server.close();
        new ArrayList<>(connections).forEach(HttpConnection::close);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Topic topic(String name) {
        return topics.computeIfAbsent(name, n -> new Topic());
    }

    private void request(HttpServerRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            error(request.response(), 404, "no such path");
            return;
        }
        Topic topic = topic(m.group(1));
        String mode = m.group(2);
        if (mode == null) {
            request.body().onSuccess(body -> publish(request, topic, body));
            return;
        }
        Long after = parse(request.getParam("after"));
        switch (mode) {
            case "messages" -> request.response().putHeader("content-type", "application/json")
                    .end(answer(topic, after == null ? 0 : after).encode());
            case "poll" -> longPoll(request, topic, after == null ? topic.lastSeq : after,
                    Long.parseLong(request.getParam("timeout", "30")));
            case "sse" -> sse(request, topic, after);
            default -> error(request.response(), 426, "a WebSocket");
        }
    }

    private void publish(HttpServerRequest request, Topic topic, Buffer body) {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            error(request.response(), 401, "bad token");
            return;
        }
        if (topic.lastSeq == 0 && stopAfterMillis >= 0) {
            vertx.setTimer(stopAfterMillis, id -> closeAll());
        }
        Message message = new Message(++topic.lastSeq, body.toString(), System.currentTimeMillis());
        topic.history.add(message);
        if (topic.history.size() > historyLimit) {
            topic.history.remove(0);
        }
        request.response().setStatusCode(201).putHeader("content-type", "application/json")
                .end(new JsonObject().put("seq", message.seq()).put("epoch", EPOCH).put("ts", message.ts()).encode());
        new ArrayList<>(topic.streams).forEach(s -> s.accept(message));
        List<Runnable> woken = new ArrayList<>(topic.parked);
        topic.parked.clear();
        woken.forEach(Runnable::run);
    }

    /** What a poll gets after {@code after}: messages, {@code next}, and a gap if some are gone. */
    private JsonObject answer(Topic topic, long after) {
        JsonArray messages = new JsonArray();
        long next = after;
        long first = topic.history.isEmpty() ? topic.lastSeq + 1 : topic.history.get(0).seq();
        JsonObject answer = new JsonObject().put("epoch", EPOCH);
        if (after < first - 1) {
            answer.put("gap", new JsonObject().put("after", after).put("first", first).put("missed", first - 1 - after));
        }
        for (Message m : topic.history) {
            if (m.seq() > after) {
                messages.add(m.json());
                next = m.seq();
            }
        }
        return answer.put("messages", messages).put("next", Math.max(next, Math.min(after, topic.lastSeq)));
    }

    private void longPoll(HttpServerRequest request, Topic topic, long after, long timeoutSeconds) {
        if (topic.lastSeq > after || timeoutSeconds == 0) {
            request.response().putHeader("content-type", "application/json").end(answer(topic, after).encode());
            return;
        }
        long[] timer = new long[1];
        Runnable wake = () -> {
            vertx.cancelTimer(timer[0]);
            if (!request.response().closed()) {
                request.response().putHeader("content-type", "application/json").end(answer(topic, after).encode());
            }
        };
        topic.parked.add(wake);
        timer[0] = vertx.setTimer(TimeUnit.SECONDS.toMillis(timeoutSeconds), id -> {
            topic.parked.remove(wake);
            request.response().putHeader("content-type", "application/json").end(answer(topic, after).encode());
        });
    }

    private void sse(HttpServerRequest request, Topic topic, Long afterParam) {
        Long lastEventId = parse(request.getHeader("Last-Event-ID"));
        Long after = lastEventId != null ? lastEventId : afterParam;
        HttpServerResponse response = request.response().setChunked(true)
                .putHeader("content-type", "text/event-stream");
        response.write(": hi\n\n");
        stream(topic, after, frame -> {
            if (frame.startsWith("{\"type\":\"gap\"")) {
                response.write("event: gap\nid: " + (new JsonObject(frame).getLong("first") - 1) + "\ndata: " + frame + "\n\n");
            } else {
                response.write("id: " + new JsonObject(frame).getLong("seq") + "\ndata: " + frame + "\n\n");
            }
        }, response::closed, consumer -> response.closeHandler(v -> topic.streams.remove(consumer)));
    }

    private void webSocket(ServerWebSocket socket) {
        Matcher m = PATH.matcher(socket.path());
        if (!m.matches() || !"ws".equals(m.group(2))) {
            socket.close((short) 1008, "no such path");
            return;
        }
        Topic topic = topic(m.group(1));
        Long after = null;
        String query = socket.query() == null ? "" : socket.query();
        for (String pair : query.split("&")) {
            if (pair.startsWith("after=")) {
                after = parse(pair.substring(6));
            }
        }
        stream(topic, after, socket::writeTextMessage, socket::isClosed,
                consumer -> socket.closeHandler(v -> topic.streams.remove(consumer)));
    }

    /** Catch-up from the history (with a gap frame if needed), then every new message, as push-service frames. */
    private void stream(Topic topic, Long after, Consumer<String> send, java.util.function.BooleanSupplier closed,
                        Consumer<Consumer<Message>> onClose) {
        if (after != null) {
            long first = topic.history.isEmpty() ? topic.lastSeq + 1 : topic.history.get(0).seq();
            if (after < first - 1) {
                send.accept("{\"type\":\"gap\",\"after\":" + after + ",\"first\":" + first + ",\"missed\":"
                        + (first - 1 - after) + ",\"epoch\":\"" + EPOCH + "\"}");
            }
            for (Message message : topic.history) {
                if (message.seq() > after) {
                    send.accept(message.frame());
                }
            }
        }
        Consumer<Message> consumer = message -> {
            if (!closed.getAsBoolean()) {
                send.accept(message.frame());
            }
        };
        topic.streams.add(consumer);
        onClose.accept(consumer);
    }

    private static Long parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Long.parseLong(value.trim());
    }

    private static void error(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message).put("status", status).encode());
    }
}
