package lab.onion.load.push;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import lab.onion.load.client.ErrorKind;
import org.HdrHistogram.SingleWriterRecorder;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events: one long response, parsed as {@code text/event-stream}. Resumes with {@code Last-Event-ID}
 * (and push-service's {@code epoch=}) on every reconnect, as a browser's EventSource does.
 */
final class SseSubscriber extends Subscriber {

    private String lastEventId;
    private String epoch;
    private HttpClientRequest request;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private String eventName;
    private String eventId;

    SseSubscriber(Shared shared, int index, Context context, SingleWriterRecorder recorder) {
        super(shared, index, context, recorder);
    }

    @Override
    protected void open() {
        int current = generation;
        countRequest();
        line.setLength(0);
        resetEvent();
        String path = settings.server().subscribePath(settings.prefix(), settings.topic(), PushMode.SSE);
        if (settings.server() == PushServer.PUSH_SERVICE) {
            // after=0 on a fresh topic: everything; on resume Last-Event-ID wins and epoch tells a restart.
            path += "?after=0" + (epoch == null ? "" : "&epoch=" + epoch);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(settings.host()).setPort(settings.port()).setURI(path)
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        shared.http().request(options)
                .compose(req -> {
                    if (generation != current) {
                        req.reset();
                        return Future.failedFuture("superseded");
                    }
                    request = req;
                    return req.send();
                })
                .onSuccess(response -> {
                    if (stopped || generation != current) {
                        return;
                    }
                    if (response.statusCode() != 200) {
                        response.body().onComplete(body -> {
                            if (generation == current) {
                                error(ErrorKind.HTTP_STATUS, "HTTP " + response.statusCode() + ": "
                                        + (body.succeeded() ? abbreviate(body.result().toString()) : ""));
                                reconnectLater();
                            }
                        });
                        return;
                    }
                    readyOnce();
                    armForcedReconnect();
                    response.handler(chunk -> {
                        if (generation == current) {
                            feed(chunk);
                        }
                    });
                    response.exceptionHandler(cause -> {
                        if (!stopped && generation == current) {
                            failed(cause, false);
                            reconnectLater();
                        }
                    });
                    response.endHandler(v -> {
                        if (!stopped && generation == current) {
                            reconnectLater(); // the gateway ended the stream: resume
                        }
                    });
                })
                .onFailure(cause -> {
                    if (!stopped && generation == current) {
                        failed(cause, true);
                        reconnectLater();
                    }
                });
    }

    @Override
    protected void close() {
        if (request != null) {
            request.reset(); // HTTP/1.1: closes the connection
            request = null;
        }
    }

    private void feed(Buffer chunk) {
        String text = chunk.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                field(line);
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    private void field(CharSequence l) {
        if (l.length() == 0) {
            dispatch();
            return;
        }
        if (l.charAt(0) == ':') {
            return; // a comment: keep-alive
        }
        String s = l.toString();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String value = colon < 0 ? "" : s.substring(colon + 1 < s.length() && s.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1);
        switch (name) {
            case "id" -> eventId = value;
            case "event" -> eventName = value;
            case "data" -> {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(value);
            }
            default -> {
            }
        }
    }

    private void dispatch() {
        if (eventId != null) {
            lastEventId = eventId;
        }
        if (data.length() == 0) {
            resetEvent();
            return;
        }
        String payload = data.toString();
        String name = eventName == null ? "message" : eventName;
        resetEvent();
        if (settings.server() == PushServer.NCHAN) {
            message(payload);
            return;
        }
        switch (name) {
            case "message" -> {
                if (epoch == null) {
                    epoch = Fields.string(payload, "epoch");
                }
                message(payload);
            }
            case "gap" -> gaps++;
            case "reset" -> {
                resets++;
                epoch = Fields.string(payload, "epoch");
            }
            case "error" -> error(ErrorKind.OTHER, "gateway ended the stream: " + abbreviate(payload));
            default -> error(ErrorKind.BAD_REPLY, "unknown event '" + name + "'");
        }
    }

    private void resetEvent() {
        data.setLength(0);
        eventName = null;
        eventId = null;
    }
}
