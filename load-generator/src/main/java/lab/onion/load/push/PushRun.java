package lab.onion.load.push;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.impl.VertxInternal;
import lab.onion.load.model.LoadModel;
import lab.onion.load.model.RunSettings;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.Stats;
import org.HdrHistogram.SingleWriterRecorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One push run: connect every subscriber, publish at the fixed rate for warmup plus duration, wait the grace
 * period until every accepted message has reached every subscriber, stop, and account for each (message,
 * subscriber) pair: delivered once, lost, duplicated, out of order. Ends by itself within the connect wait plus
 * warmup plus duration plus grace, whatever the gateway does.
 */
public final class PushRun {

    /** Subscribers are spread over this many event-loop contexts, each with its own latency recorder. */
    private static final int CONTEXTS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    private PushRun() {
    }

    public static RunReport execute(Vertx vertx, PushSettings push, RunSettings run, Progress progress)
            throws InterruptedException {
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        Stats stats = new Stats(startNanos);
        double rate = push.publishRate();
        long total = (long) Math.floor((run.warmup().toNanos() + run.duration().toNanos()) / 1e9 * rate);
        long measuredFrom = (long) Math.ceil(run.warmup().toNanos() / 1e9 * rate);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many messages for one run: " + total);
        }

        HttpClient http = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(push.connectTimeoutMillis()),
                new PoolOptions().setHttp1MaxSize(2 * push.subscribers() + 16).setMaxWaitQueueSize(-1));
        // Room for connections still closing after a reconnect: a new one never waits for an old one.
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setTcpNoDelay(true).setConnectTimeout(push.connectTimeoutMillis())
                .setMaxConnections(2 * push.subscribers() + 16).setClosingTimeout(1));
        // One connection, one publish at a time, the rest waiting in order: the gateway sees the messages in the
        // generator's order. (Pipelining would allow more, but connections closed under load with it.)
        HttpClient publishHttp = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout(push.connectTimeoutMillis()),
                new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(-1));

        LongAdder firstDeliveries = new LongAdder();
        LongAdder requests = new LongAdder();
        Subscriber.Shared shared = new Subscriber.Shared(push, stats, http, ws, firstDeliveries, requests, measuredFrom);
        VertxInternal internal = (VertxInternal) vertx;
        List<Context> contexts = new ArrayList<>();
        List<SingleWriterRecorder> recorders = new ArrayList<>();
        for (int i = 0; i < CONTEXTS; i++) {
            contexts.add(internal.createEventLoopContext());
            recorders.add(stats.newRecorder());
        }
        List<Subscriber> subscribers = new ArrayList<>(push.subscribers());
        for (int i = 0; i < push.subscribers(); i++) {
            Context context = contexts.get(i % CONTEXTS);
            SingleWriterRecorder recorder = recorders.get(i % CONTEXTS);
            subscribers.add(switch (push.mode()) {
                case SHORT_POLL, LONG_POLL -> new PollSubscriber(shared, i, context, recorder);
                case SSE -> new SseSubscriber(shared, i, context, recorder);
                case WS -> new WsSubscriber(shared, i, context, recorder);
            });
        }
        Publisher publisher = new Publisher(push, publishHttp, internal.createEventLoopContext(), stats, total, measuredFrom);

        CountDownLatch ready = new CountDownLatch(subscribers.size());
        subscribers.forEach(s -> s.start(ready));
        ready.await(Math.max(3_000, 10L * subscribers.size()), TimeUnit.MILLISECONDS);

        long begin = System.nanoTime();
        long warmup = run.warmup().toNanos();
        long end = begin + warmup + run.duration().toNanos();
        stats.measureFrom(begin + warmup);
        publisher.begin(begin);

        long second = TimeUnit.SECONDS.toNanos(1);
        long nextTick = begin + second;
        while (end - nextTick > 0) {
            TimeUnit.NANOSECONDS.sleep(nextTick - System.nanoTime());
            progress.tick(stats, stats.second((nextTick - begin) / 1e9, 1, nextTick - begin - warmup <= 0));
            nextTick += second;
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
        long graceEnd = end + run.grace().toNanos();
        while (graceEnd - System.nanoTime() > 0
                && (publisher.outstanding() > 0
                || firstDeliveries.sum() < publisher.confirmedCount() * subscribers.size())) {
            TimeUnit.MILLISECONDS.sleep(5);
        }

        CountDownLatch stopped = new CountDownLatch(subscribers.size() + 1);
        publisher.stop(stopped);
        subscribers.forEach(s -> s.stop(stopped));
        stopped.await(2, TimeUnit.SECONDS);
        http.close();
        ws.close();
        publishHttp.close();
        progress.finish(stats, System.nanoTime() - begin);
        stats.collectInterval();
        return report(push, run, startedAt, System.nanoTime() - startNanos, stats, publisher, subscribers,
                total, measuredFrom);
    }

    private static RunReport report(PushSettings push, RunSettings run, Instant startedAt, long elapsedNanos,
                                    Stats stats, Publisher publisher, List<Subscriber> subscribers, long total,
                                    long measuredFrom) {
        BitSet confirmed = publisher.confirmed();
        long published = confirmed.get((int) measuredFrom, (int) total).cardinality();
        long lost = 0;
        long delivered = 0;
        long allFirst = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long gaps = 0;
        long resets = 0;
        long reconnects = 0;
        long requests = 0;
        for (Subscriber s : subscribers) {
            BitSet got = s.received.get((int) measuredFrom, (int) total);
            got.and(confirmed.get((int) measuredFrom, (int) total));
            long have = got.cardinality();
            delivered += have;
            lost += published - have;
            allFirst += s.received.cardinality();
            duplicated += s.duplicated;
            outOfOrder += s.outOfOrder;
            gaps += s.gaps;
            resets += s.resets;
            reconnects += s.reconnects;
            requests += s.requests;
        }
        long expected = published * subscribers.size();
        double seconds = run.duration().toNanos() / 1e9;
        RunReport.Push figures = new RunReport.Push(push.mode().label(), push.server().label(), push.topic(),
                push.subscribers(), published, publisher.failedMeasured(), delivered, delivered / seconds, lost,
                duplicated, outOfOrder, gaps, resets, reconnects, requests,
                allFirst == 0 ? 0 : (double) requests / allFirst);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mode", push.mode().label());
        parameters.put("server", push.server().label());
        parameters.put("topic", push.topic());
        parameters.put("subscribers", push.subscribers());
        parameters.put("publishRate", push.publishRate());
        if (push.mode() == PushMode.SHORT_POLL) {
            parameters.put("pollInterval", push.pollInterval().toString());
        }
        if (push.reconnectEvery() != null) {
            parameters.put("reconnectEvery", push.reconnectEvery().toString());
        }
        return new RunReport("push", push.url(), new LoadModel.FixedRate(push.publishRate()).toString(),
                push.publishRate(), parameters, startedAt.toString(), seconds, run.warmup().toNanos() / 1e9,
                elapsedNanos / 1e9, run.seed(), new RunReport.Requests(expected, delivered, lost),
                new RunReport.Throughput(delivered / seconds, expected / seconds),
                RunReport.Latency.of(stats.total()), RunReport.errorsOf(stats), null, stats.timeline(),
                RunReport.Percentile.of(stats.total()), null, figures);
    }
}
