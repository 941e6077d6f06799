package lab.onion.load.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.onion.load.client.ErrorKind;
import lab.onion.load.report.OnionReport;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.Stats;
import lab.onion.load.scenario.Scenario;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Circuit build time, over and over: {@code POST /new-identity} on the onion proxy (every
 * circuit dropped; it starts building fresh ones at once), then one stream and one line through
 * it, timed from the proxy's answer to the reply. While the stream is open, {@code GET /status}
 * gives the proxy's own measured build time of each circuit it has built ({@code buildMillis}).
 * Each iteration is a request: {@code sent == ok + failed}.
 */
public final class CircuitBuilds {

    private final HttpClient http;
    private final URI newIdentity;
    private final URI status;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<Integer> seen = new HashSet<>();
    private final Histogram proxyBuilds = new Histogram(3);

    private CircuitBuilds(String proxyHttp, Duration timeout) {
        String base = proxyHttp.endsWith("/") ? proxyHttp.substring(0, proxyHttp.length() - 1) : proxyHttp;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.newIdentity = URI.create(base + "/new-identity");
        this.status = URI.create(base + "/status");
        this.timeout = timeout;
    }

    /**
     * @param scenario a scenario whose sessions go through the proxy
     * @return the first streams' side, and the proxy's build times
     */
    public static OnionReport.Build run(String proxyHttp, Scenario scenario, Duration warmup, Duration duration,
                                        Duration grace, Duration connectTimeout) throws InterruptedException {
        return new CircuitBuilds(proxyHttp, connectTimeout.plusSeconds(3)).loop(scenario, warmup, duration, grace);
    }

    private OnionReport.Build loop(Scenario scenario, Duration warmup, Duration duration, Duration grace)
            throws InterruptedException {
        long begin = System.nanoTime();
        Stats stats = new Stats(begin + warmup.toNanos());
        SingleWriterRecorder recorder = stats.newRecorder();
        long end = begin + warmup.toNanos() + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            try {
                post(newIdentity);
            } catch (IOException e) {
                long now = System.nanoTime();
                stats.sent(now);
                stats.failed(now, ErrorKind.PROXY_HTTP, "POST " + newIdentity + ": " + describe(e));
                TimeUnit.NANOSECONDS.sleep(Worker.BACKOFF_NANOS);
                continue;
            }
            CountDownLatch done = new CountDownLatch(1);
            StreamOnce stream = new StreamOnce(scenario.newSession(0), done);
            long start = System.nanoTime();
            stats.sent(start);
            stream.start();
            if (!done.await(grace.toNanos(), TimeUnit.NANOSECONDS) && stream.abandon()) {
                stats.failed(start, stream.failure, stream.message);
            } else if (stream.ok()) {
                stats.ok(start, stream.endNanos - start, recorder);
                if (stats.measured(start)) {
                    collectBuildTimes(stats);
                }
            } else {
                stats.failed(start, stream.failure, stream.message);
                TimeUnit.NANOSECONDS.sleep(Worker.BACKOFF_NANOS);
            }
        }
        scenario.close();
        stats.collectInterval();
        OnionReport.Side first = OnionReport.Side.of("onion", stats, stats.total());
        return new OnionReport.Build(first, proxyBuilds.getTotalCount() == 0 ? null : RunReport.Latency.of(proxyBuilds));
    }

    /** Every circuit in the proxy's /status built since the last look: its buildMillis. */
    private void collectBuildTimes(Stats stats) throws InterruptedException {
        JsonNode circuits;
        try {
            circuits = json.readTree(get(status)).path("proxy").path("circuits");
        } catch (IOException e) {
            stats.connectionError(System.nanoTime(), ErrorKind.PROXY_HTTP, "GET " + status + ": " + describe(e));
            return;
        }
        for (JsonNode circuit : circuits) {
            JsonNode millis = circuit.get("buildMillis");
            if (millis != null && millis.isNumber() && seen.add(circuit.path("id").asInt())) {
                proxyBuilds.recordValue(Math.max(0, Math.round(millis.asDouble() * 1e6)));
            }
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void post(URI uri) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }
}
