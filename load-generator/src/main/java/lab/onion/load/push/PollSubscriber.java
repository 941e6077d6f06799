package lab.onion.load.push;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import lab.onion.load.client.ErrorKind;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Short and long polling: one request at a time, each from the position the last answer gave.
 * <ul>
 *   <li>short poll (push-service): {@code GET /topics/{t}/messages?after=N&epoch=E} every {@code --poll-interval},
 *       on a fixed cadence (a slow answer does not shift the next poll);</li>
 *   <li>long poll, push-service: {@code GET /topics/{t}/poll?after=N&epoch=E&timeout=30}, again at once;</li>
 *   <li>long poll, Nchan: {@code GET /sub/{t}} with the last answer's {@code Last-Modified} and {@code Etag} as
 *       {@code If-Modified-Since} and {@code If-None-Match}: one message per answer, again at once.</li>
 * </ul>
 */
final class PollSubscriber extends Subscriber {

    private static final int LONG_POLL_TIMEOUT_SECONDS = 30;

    private final boolean longPoll;
    private final long intervalNanos;
    private long nextPollAt;
    private long after;
    private String epoch;
    private String lastModified;
    private String etag;

    PollSubscriber(Shared shared, int index, Context context, SingleWriterRecorder recorder) {
        super(shared, index, context, recorder);
        this.longPoll = settings.mode() == PushMode.LONG_POLL;
        this.intervalNanos = settings.pollInterval().toNanos();
    }

    @Override
    protected void open() {
        if (longPoll) {
            poll();
            return;
        }
        // Spread the subscribers' polls evenly over one interval.
        nextPollAt = System.nanoTime() + intervalNanos * index / Math.max(1, settings.subscribers());
        scheduleNext();
    }

    private void scheduleNext() {
        int current = generation;
        loop.schedule(Math.max(0, nextPollAt - System.nanoTime()), () -> {
            if (!stopped && generation == current) {
                nextPollAt += intervalNanos;
                long now = System.nanoTime();
                if (nextPollAt - now < 0) {
                    nextPollAt = now + intervalNanos; // behind: skip the polls that are already late
                }
                poll();
            }
        });
    }

    @Override
    protected void close() {
        // Nothing to close: an answer arriving after this is ignored by its generation.
    }

    private void poll() {
        int current = generation;
        countRequest();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setHost(settings.host()).setPort(settings.port())
                .setURI(uri());
        if (settings.server() == PushServer.NCHAN) {
            if (lastModified != null) {
                options.putHeader(HttpHeaders.IF_MODIFIED_SINCE, lastModified);
            }
            if (etag != null) {
                options.putHeader(HttpHeaders.IF_NONE_MATCH, etag);
            }
        }
        shared.http().request(options)
                .compose(request -> {
                    if (generation == current) {
                        readyOnce(); // the request is on a connection: the subscriber is there
                    }
                    return request.send();
                })
                .compose(response -> response.body().map(body -> {
                    answer(response.statusCode(), response.headers(), body, current);
                    return body;
                }))
                .onFailure(cause -> {
                    if (!stopped && generation == current) {
                        failed(cause, false);
                        next(current, true);
                    }
                });
    }

    private String uri() {
        String path = settings.server().subscribePath(settings.prefix(), settings.topic(), settings.mode());
        if (settings.server() == PushServer.NCHAN) {
            return path;
        }
        String uri = path + "?after=" + after + (epoch == null ? "" : "&epoch=" + epoch);
        return longPoll ? uri + "&timeout=" + LONG_POLL_TIMEOUT_SECONDS : uri;
    }

    private void answer(int status, MultiMap headers, Buffer body, int current) {
        if (stopped || generation != current) {
            return;
        }
        readyOnce();
        if (settings.server() == PushServer.NCHAN) {
            nchanAnswer(status, headers, body, current);
            return;
        }
        if (status != 200) {
            error(ErrorKind.HTTP_STATUS, "HTTP " + status + ": " + abbreviate(body.toString()));
            next(current, true);
            return;
        }
        JsonObject json;
        try {
            json = body.toJsonObject();
        } catch (RuntimeException e) {
            error(ErrorKind.BAD_REPLY, "poll answer is not JSON: " + abbreviate(body.toString()));
            next(current, true);
            return;
        }
        if (json.getJsonObject("reset") != null) {
            resets++;
        }
        if (json.getJsonObject("gap") != null) {
            gaps++;
        }
        JsonArray messages = json.getJsonArray("messages", new JsonArray());
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            JsonObject data = m.getJsonObject("data");
            if (data == null || data.getLong("g") == null || data.getLong("t") == null) {
                error(ErrorKind.BAD_REPLY, "not a message of this generator: " + abbreviate(m.encode()));
            } else {
                message(data.getLong("g"), data.getLong("t"));
            }
        }
        Long next = json.getLong("next");
        if (next != null) {
            after = next;
        }
        epoch = json.getString("epoch", epoch);
        next(current, false);
    }

    private void nchanAnswer(int status, MultiMap headers, Buffer body, int current) {
        if (status == 200) {
            lastModified = headers.get(HttpHeaders.LAST_MODIFIED);
            etag = headers.get(HttpHeaders.ETAG);
            message(body.toString());
            next(current, false);
        } else if (status == 304 || status == 408) {
            next(current, false); // nothing new before the subscriber timeout: ask again
        } else {
            error(ErrorKind.HTTP_STATUS, "HTTP " + status + ": " + abbreviate(body.toString()));
            next(current, true);
        }
    }

    /** The next poll: a long poll at once (after a pause if this one failed), a short poll at its time. */
    private void next(int current, boolean failed) {
        if (stopped || generation != current) {
            return;
        }
        if (!longPoll) {
            scheduleNext();
        } else if (failed) {
            reconnectLater();
        } else {
            poll();
        }
    }
}
