package lab.onion.load.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.onion.load.client.ErrorKind;
import lab.onion.load.model.LoadModel;
import lab.onion.load.model.RunSettings;
import lab.onion.load.scenario.Scenario;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result of a run, as written to the JSON report (field names are the JSON names). */
public record RunReport(
        String scenario,
        String target,
        String model,
        Double rate,
        Map<String, Object> parameters,
        String startedAt,
        double durationSeconds,
        double warmupSeconds,
        double elapsedSeconds,
        long seed,
        Requests requests,
        Throughput throughput,
        Latency latencyMs,
        Map<String, ErrorCount> errors,
        Thresholds thresholds,
        List<Stats.Second> timeline,
        List<Percentile> latencyDistribution,
        @JsonInclude(JsonInclude.Include.NON_NULL) OnionReport onion,
        @JsonInclude(JsonInclude.Include.NON_NULL) Push push) {

    /**
     * {@code sent == ok + failed}: every request sent after the warmup is accounted for. In the push scenario a
     * "request" is one (message, subscriber) pair: sent = expected deliveries, ok = delivered, failed = lost.
     */
    public record Requests(long sent, long ok, long failed) {
    }

    /** Per second of the measured duration. */
    public record Throughput(double okPerSecond, double sentPerSecond) {
    }

    /** Percentiles of successful requests, in milliseconds (HdrHistogram, 3 significant digits). */
    public record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {

        public static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), h.getMean() / 1e6, ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /**
     * One point of HdrHistogram's percentile distribution of the successful requests, as its
     * plots show it: ever finer steps towards 100 % (5 per halving of the remaining distance).
     */
    public record Percentile(double percentile, double latencyMs, long count) {

        public static List<Percentile> of(Histogram h) {
            List<Percentile> points = new ArrayList<>();
            if (h.getTotalCount() == 0) {
                return points;
            }
            for (HistogramIterationValue v : h.percentiles(5)) {
                points.add(new Percentile(v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1e6,
                        v.getTotalCountToThisValue()));
                if (v.getPercentileLevelIteratedTo() >= 100) {
                    break;
                }
            }
            return points;
        }
    }

    /** Errors of one kind: requests that failed plus connections that could not be opened or were lost. */
    public record ErrorCount(long count, String example) {
    }

    /**
     * What only the push scenario has: one publisher, many subscribers.
     *
     * @param published          messages the gateway accepted (2xx) after the warmup
     * @param publishFailed      publishes after the warmup that failed (not counted as expected deliveries)
     * @param delivered          first deliveries of measured messages, over all subscribers
     * @param lost               published after the warmup, never delivered to a subscriber by the end of the grace
     * @param duplicated         a message delivered again to a subscriber that already had it (whole run)
     * @param outOfOrder         a message delivered after a later one of the generator's own sequence (whole run)
     * @param gaps               gap signals the gateway sent (messages it no longer had)
     * @param resets             reset signals (another epoch)
     * @param reconnects         subscriber reconnections, forced by {@code --reconnect-every} or after a failure
     * @param subscriberRequests every HTTP request the subscribers made: polls, SSE and WebSocket connects (whole run)
     * @param requestsPerDelivery subscriberRequests per first delivery (whole run)
     */
    public record Push(String mode, String server, String topic, int subscribers, long published, long publishFailed,
                       long delivered, double deliveriesPerSecond, long lost, long duplicated, long outOfOrder,
                       long gaps, long resets, long reconnects, long subscriberRequests, double requestsPerDelivery) {
    }

    /** The limits given on the command line, and whether the run stayed within them. */
    public record Thresholds(Double maxP99Ms, Long maxErrors, boolean passed, List<String> violations) {
    }

    /** @param elapsedNanos wall time of the whole run: connecting, warmup, duration, grace, stopping */
    public static RunReport of(Scenario scenario, RunSettings settings, Instant startedAt, long elapsedNanos, Stats stats) {
        double seconds = settings.duration().toNanos() / 1e9;
        Double rate = settings.model() instanceof LoadModel.FixedRate fixed ? fixed.perSecond() : null;
        Histogram total = stats.total();
        return new RunReport(scenario.name(), scenario.target(), settings.model().toString(), rate,
                scenario.parameters(), startedAt.toString(), seconds, settings.warmup().toNanos() / 1e9, elapsedNanos / 1e9,
                settings.seed(), new Requests(stats.sent(), stats.ok(), stats.failed()),
                new Throughput(stats.ok() / seconds, stats.sent() / seconds), Latency.of(total),
                errorsOf(stats), null, stats.timeline(), Percentile.of(total), null, null);
    }

    /** Errors by kind, with the first message seen of each. */
    public static Map<String, ErrorCount> errorsOf(Stats stats) {
        Map<String, ErrorCount> errors = new LinkedHashMap<>();
        for (Map.Entry<ErrorKind, Long> e : stats.errors().entrySet()) {
            errors.put(e.getKey().label(), new ErrorCount(e.getValue(), stats.firstMessage(e.getKey())));
        }
        return errors;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(ErrorCount::count).sum();
    }

    public RunReport withThresholds(Thresholds checked) {
        return new RunReport(scenario, target, model, rate, parameters, startedAt, durationSeconds,
                warmupSeconds, elapsedSeconds, seed, requests, throughput, latencyMs, errors, checked, timeline,
                latencyDistribution, onion, push);
    }
}
