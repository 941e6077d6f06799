package lab.onion.load.client;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One HTTP worker: {@code GET /upper?text=...} through the scenario's shared client, whose pool
 * has one connection per worker and no pipelining, so each worker has one request on the wire.
 * Every reply must be {@code 200} with the uppercased text as its body.
 */
public final class EchoHttpSession implements Session {

    private final HttpClient client;
    private final Context context;
    private final Loop loop;
    private final RequestOptions request;
    private final Buffer expected;
    private SessionListener listener;
    private boolean closed;

    public EchoHttpSession(HttpClient client, Context context, RequestOptions request, Buffer expected) {
        this.client = client;
        this.context = context;
        this.loop = Loop.of(context);
        this.request = request;
        this.expected = expected;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public void open(SessionListener listener) {
        this.listener = listener;
        // The pool connects on demand: a refused connection shows up as a failed request.
        context.runOnContext(v -> listener.onOpen());
    }

    @Override
    public void send(long startNanos) {
        client.request(request)
                .compose(req -> req.send())
                .compose(response -> response.body().map(body -> check(response, body)))
                .onComplete(ar -> {
                    if (closed) {
                        return;
                    }
                    if (ar.failed()) {
                        listener.onFailure(startNanos, ErrorKind.of(ar.cause(), false), EchoTcpSession.message(ar.cause()));
                    } else if (ar.result() != null) {
                        ErrorKind kind = ar.result().startsWith("HTTP") ? ErrorKind.HTTP_STATUS : ErrorKind.BAD_REPLY;
                        listener.onFailure(startNanos, kind, ar.result());
                    } else {
                        listener.onReply(startNanos);
                    }
                });
    }

    /** Null when the reply is right, else what is wrong with it. */
    private String check(HttpClientResponse response, Buffer body) {
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + " " + response.statusMessage();
        }
        return body.equals(expected) ? null : "body differs from the uppercased text";
    }

    @Override
    public void close() {
        closed = true;
    }
}
