package lab.onion.load.push;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import lab.onion.load.client.EchoTcpSession;
import lab.onion.load.client.ErrorKind;
import lab.onion.load.client.Loop;
import lab.onion.load.report.Stats;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes message {@code g} (0, 1, 2, ...) at its intended time {@code begin + g / rate}, open loop, with the
 * body {@code {"g":G,"t":T}} where {@code T} is that intended time in this process's {@link System#nanoTime()}, so
 * a publish that waits counts in the subscribers' latency. One HTTP/1.1 connection, one publish at a time, the
 * others waiting in order here: the gateway receives the messages in the generator's order, so out-of-order delivery
 * means the gateway reordered them. The price: at most one publish per round trip (thousands per second on
 * loopback); above that, publishes queue and the wait shows up as latency.
 */
final class Publisher {

    private final PushSettings settings;
    private final HttpClient client;
    private final Context context;
    private final Loop loop;
    private final Stats stats;
    private final long total;
    private final long measuredFrom;
    private final BitSet confirmed = new BitSet();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong confirmedCount = new AtomicLong();
    private volatile long begin;
    private volatile long next;
    private long failedMeasured;
    private boolean stopped;
    private boolean sending;
    private boolean timerPending;
    private volatile BitSet confirmedAtStop = new BitSet();
    private volatile long failedAtStop;

    Publisher(PushSettings settings, HttpClient client, Context context, Stats stats, long total, long measuredFrom) {
        this.settings = settings;
        this.client = client;
        this.context = context;
        this.loop = Loop.of(context);
        this.stats = stats;
        this.total = total;
        this.measuredFrom = measuredFrom;
    }

    long intended(long g) {
        return begin + Math.round(g * 1e9 / settings.publishRate());
    }

    void begin(long beginNanos) {
        loop.execute(() -> {
            begin = beginNanos;
            pump();
        });
    }

    /**
     * Sends the next message if it is due and no publish is outstanding; due messages wait here, in order, not in
     * the HTTP client's queue (thousands of waiters there cost the event loop more than the subscribers it
     * shares). A message that waits keeps its intended time, so the wait counts as latency.
     */
    private void pump() {
        if (stopped || sending || next >= total) {
            return;
        }
        long now = System.nanoTime();
        if (intended(next) - now <= 0) {
            publish(next++);
        } else if (!timerPending) {
            timerPending = true;
            loop.schedule(intended(next) - now, () -> {
                timerPending = false;
                pump();
            });
        }
    }

    private void publish(long g) {
        long t = intended(g);
        sending = true;
        outstanding.incrementAndGet();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost(settings.host()).setPort(settings.port())
                .setURI(settings.server().publishPath(settings.prefix(), settings.topic()))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (settings.token() != null && !settings.token().isEmpty()) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.token());
        }
        Buffer body = Buffer.buffer("{\"g\":" + g + ",\"t\":" + t + "}");
        client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(b -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new PublishRefused("HTTP " + response.statusCode() + ": " + Subscriber.abbreviate(b.toString()));
                    }
                    return b;
                }))
                .onComplete(ar -> {
                    sending = false;
                    outstanding.decrementAndGet();
                    if (ar.succeeded()) {
                        confirmed.set((int) g);
                        confirmedCount.incrementAndGet();
                    } else if (g >= measuredFrom) {
                        failedMeasured++;
                        ErrorKind kind = ar.cause() instanceof PublishRefused ? ErrorKind.HTTP_STATUS : ErrorKind.of(ar.cause(), false);
                        stats.connectionError(t, kind, "publish: " + EchoTcpSession.message(ar.cause()));
                    }
                    pump();
                });
    }

    /** Publishes sent and not answered, plus those due and not yet sent. */
    long outstanding() {
        return outstanding.get() + Math.max(0, dueNotSent());
    }

    private long dueNotSent() {
        long now = System.nanoTime();
        long due = (long) Math.floor((now - begin) / 1e9 * settings.publishRate()) + 1;
        return Math.min(due, total) - next;
    }

    long confirmedCount() {
        return confirmedCount.get();
    }

    /** Stops publishing; afterwards {@link #confirmed()} and {@link #failedMeasured()} may be read from any thread. */
    void stop(CountDownLatch done) {
        loop.execute(() -> {
            stopped = true;
            confirmedAtStop = (BitSet) confirmed.clone();
            failedAtStop = failedMeasured;
            done.countDown();
        });
    }

    /** The messages the gateway accepted, as of {@link #stop}. */
    BitSet confirmed() {
        return confirmedAtStop;
    }

    /** Publishes after the warmup that failed, as of {@link #stop}. */
    long failedMeasured() {
        return failedAtStop;
    }

    private static final class PublishRefused extends RuntimeException {
        PublishRefused(String message) {
            super(message, null, false, false);
        }
    }
}
