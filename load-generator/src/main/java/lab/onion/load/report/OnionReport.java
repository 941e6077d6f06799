package lab.onion.load.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import lab.onion.load.client.ErrorKind;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code onion} section of the onion scenario's report: each measurement through the onion
 * proxy and, for comparison, the same load directly to the echo service.
 *
 * @param socks     the onion proxy's SOCKS5 address
 * @param proxyHttp the onion proxy's HTTP base URL (new-identity, status)
 * @param target    the destination as the exit relay sees it
 * @param direct    the same service without the onion, or null when not measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnionReport(String socks, String proxyHttp, String target, String direct, List<String> measured,
                          Rtt rtt, Bulk bulk, Download download, Parallel parallel, Build build) {

    /**
     * One side of a measurement, through the onion or direct; {@code requests.sent == ok + failed}.
     *
     * @param latencyMs   rtt: per line; parallel: per round (all streams done); build: per first stream
     * @param rounds      parallel: rounds measured (latencyMs counts those in which every stream succeeded)
     * @param bytes       bulk: bytes echoed and checked (each way); download: body bytes received and checked
     * @param seconds     bulk: from the first line sent to the last reply; download: from the request to the last byte
     * @param mbPerSecond bulk, download: {@code bytes / seconds / 10^6}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(String via, RunReport.Requests requests, RunReport.Throughput throughput,
                       RunReport.Latency latencyMs, Long rounds, Long bytes, Double seconds, Double mbPerSecond,
                       Map<String, RunReport.ErrorCount> errors) {

        public static Side of(String via, Stats stats, Histogram latency) {
            return new Side(via, OnionReport.requests(stats), null, RunReport.Latency.of(latency), null, null, null, null,
                    OnionReport.errors(stats));
        }

        public Side withThroughput(RunReport.Throughput t) {
            return new Side(via, requests, t, latencyMs, rounds, bytes, seconds, mbPerSecond, errors);
        }

        public Side withRounds(long r) {
            return new Side(via, requests, throughput, latencyMs, r, bytes, seconds, mbPerSecond, errors);
        }

        public Side withBytes(long b, double s) {
            return new Side(via, requests, throughput, latencyMs, rounds, b, s, s > 0 ? b / s / 1e6 : 0.0, errors);
        }

        public long errorCount() {
            return errors.values().stream().mapToLong(RunReport.ErrorCount::count).sum();
        }
    }

    /** Onion minus direct, in milliseconds. */
    public record Overhead(double p50, double p90, double p99) {

        public static Overhead of(Side onion, Side direct) {
            if (onion == null || direct == null || onion.latencyMs().count() == 0 || direct.latencyMs().count() == 0) {
                return null;
            }
            RunReport.Latency o = onion.latencyMs();
            RunReport.Latency d = direct.latencyMs();
            return new Overhead(round(o.p50() - d.p50()), round(o.p90() - d.p90()), round(o.p99() - d.p99()));
        }

        private static double round(double ms) {
            return Math.round(ms * 1e6) / 1e6;
        }
    }

    /** Request/reply latency on established circuits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rtt(Side onion, Side direct, Overhead overheadMs) {
    }

    /**
     * One stream's throughput.
     *
     * @param slowdown direct MB/s divided by onion MB/s
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bulk(int lineSize, long bytesPlanned, Side onion, Side direct, Double slowdown) {
    }

    /**
     * One HTTP body of {@code bytesPlanned} bytes downloaded through one stream (one-way), every
     * byte checked; {@code slowdown} is direct MB/s over the onion's.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Download(long bytesPlanned, Side onion, Side direct, Double slowdown) {
    }

    /** Rounds of {@code streams} streams opened at once, each one line and its reply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parallel(int streams, Side onion, Side direct, Overhead overheadMs) {
    }

    /**
     * Circuit builds after each new identity.
     *
     * @param firstStream  from new-identity answered to the first stream's reply (circuit build, stream, one line)
     * @param proxyBuildMs the proxy's own build times ({@code buildMillis} in its /status), one per circuit seen
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Build(Side firstStream, RunReport.Latency proxyBuildMs) {
    }

    public static RunReport.Requests requests(Stats stats) {
        return new RunReport.Requests(stats.sent(), stats.ok(), stats.failed());
    }

    public static Map<String, RunReport.ErrorCount> errors(Stats stats) {
        Map<String, RunReport.ErrorCount> errors = new LinkedHashMap<>();
        for (Map.Entry<ErrorKind, Long> e : stats.errors().entrySet()) {
            errors.put(e.getKey().label(), new RunReport.ErrorCount(e.getValue(), stats.firstMessage(e.getKey())));
        }
        return errors;
    }

    /** Every side measured, in report order. */
    public List<Side> sides() {
        List<Side> all = new java.util.ArrayList<>();
        if (rtt != null) {
            add(all, rtt.onion(), rtt.direct());
        }
        if (bulk != null) {
            add(all, bulk.onion(), bulk.direct());
        }
        if (download != null) {
            add(all, download.onion(), download.direct());
        }
        if (parallel != null) {
            add(all, parallel.onion(), parallel.direct());
        }
        if (build != null) {
            add(all, build.firstStream(), null);
        }
        return all;
    }

    private static void add(List<Side> all, Side a, Side b) {
        if (a != null) {
            all.add(a);
        }
        if (b != null) {
            all.add(b);
        }
    }
}
