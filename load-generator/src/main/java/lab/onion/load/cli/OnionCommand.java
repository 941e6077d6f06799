package lab.onion.load.cli;

import lab.onion.load.model.BulkTransfer;
import lab.onion.load.model.CircuitBuilds;
import lab.onion.load.model.Download;
import lab.onion.load.model.LoadRun;
import lab.onion.load.model.ParallelStreams;
import lab.onion.load.model.RunSettings;
import lab.onion.load.report.OnionReport;
import lab.onion.load.report.OnionSummary;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.scenario.EchoTcpScenario;
import lab.onion.load.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@Command(name = "onion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The onion: echo-service's line protocol through the onion proxy's SOCKS5 port (three relays),",
                "and the same load directly (--direct), to show what the onion costs. Measurements (--measure):",
                "  rtt       request/reply latency on established circuits, as echo-tcp (closed loop or --rate);",
                "  bulk      one stream's throughput: --bulk-size of --bulk-line-size lines, every byte checked;",
                "  download  one stream's one-way throughput: GET /bytes?n=--download-size from echo-service's HTTP",
                "            port (--download-target; directly: --download-direct), every byte checked;",
                "  parallel  rounds of --streams streams opened at once, one line each: time until all are done;",
                "  build     POST /new-identity, then the first stream's round trip (a fresh circuit), and the",
                "            proxy's own build times (buildMillis in its /status); onion only.",
                "Each measurement runs for --duration (bulk, download: until the size is moved, at most --duration).",
                "A refused or failed SOCKS handshake counts as an error (socks-refused, socks-timeout, socks-failed).",
                "--max-p99 applies to rtt through the onion, --max-errors to all measurements together."})
public class OnionCommand extends ScenarioCommand {

    enum Measure { RTT, BULK, DOWNLOAD, PARALLEL, BUILD, ALL }

    @Option(names = "--socks", defaultValue = "127.0.0.1:9050", converter = HostPort.Converter.class, paramLabel = "HOST:PORT",
            description = "The onion proxy's SOCKS5 port (default: ${DEFAULT-VALUE}).")
    HostPort socks;

    @Option(names = "--proxy-http", defaultValue = "http://127.0.0.1:9080", paramLabel = "URL",
            description = "The onion proxy's HTTP port, for POST /new-identity and GET /status (default: ${DEFAULT-VALUE}).")
    String proxyHttp;

    @Option(names = "--target", defaultValue = "echo-service:8081", converter = HostPort.Converter.class, paramLabel = "HOST:PORT",
            description = "The echo TCP port as the exit relay sees it; the name goes to the proxy unresolved (default: ${DEFAULT-VALUE}).")
    HostPort target;

    @Option(names = "--direct", defaultValue = "127.0.0.1:8081", paramLabel = "HOST:PORT",
            description = "The same echo TCP port as seen from here, for the same load without the onion; 'none' skips every direct measurement (default: ${DEFAULT-VALUE}).")
    String direct;

    @Option(names = "--measure", defaultValue = "all", split = ",", paramLabel = "WHAT",
            description = "rtt, bulk, download, parallel, build or all; several with commas (default: ${DEFAULT-VALUE}).")
    List<String> measure;

    @Option(names = {"-c", "--connections"}, defaultValue = "1", description = "rtt: connections, each one SOCKS stream (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", defaultValue = "1", description = "rtt: lines outstanding per connection (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--line-size", defaultValue = "32", description = "rtt, parallel, build: characters per line, without the newline (default: ${DEFAULT-VALUE}).")
    int lineSize;

    @Option(names = "--bulk-size", defaultValue = "64MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "bulk: bytes to send through one stream, e.g. 8MiB (default: ${DEFAULT-VALUE}).")
    long bulkSize;

    @Option(names = "--bulk-line-size", defaultValue = "16384", description = "bulk: characters per line (default: ${DEFAULT-VALUE}).")
    int bulkLineSize;

    @Option(names = "--bulk-window", defaultValue = "64", description = "bulk: lines outstanding (default: ${DEFAULT-VALUE}).")
    int bulkWindow;

    @Option(names = "--download-target", defaultValue = "echo-service:8080", converter = HostPort.Converter.class, paramLabel = "HOST:PORT",
            description = "download: echo-service's HTTP port as the exit relay sees it (default: ${DEFAULT-VALUE}).")
    HostPort downloadTarget;

    @Option(names = "--download-direct", defaultValue = "127.0.0.1:8080", converter = HostPort.Converter.class, paramLabel = "HOST:PORT",
            description = "download: the same HTTP port as seen from here (default: ${DEFAULT-VALUE}).")
    HostPort downloadDirect;

    @Option(names = "--download-size", defaultValue = "256MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "download: bytes to fetch through one stream, at most 1GiB (default: ${DEFAULT-VALUE}).")
    long downloadSize;

    @Option(names = "--streams", defaultValue = "100", description = "parallel: streams opened at once per round (default: ${DEFAULT-VALUE}).")
    int streams;

    private HostPort directTarget;
    private Set<Measure> what;

    @Override
    protected void validate() {
        positive("--connections", connections);
        positive("--in-flight", inFlight);
        positive("--line-size", lineSize);
        positive("--bulk-size", bulkSize);
        positive("--bulk-line-size", bulkLineSize);
        positive("--bulk-window", bulkWindow);
        positive("--streams", streams);
        positive("--download-size", downloadSize);
        if (downloadSize > 1L << 30) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--download-size: at most 1GiB (echo-service's limit)");
        }
        try {
            directTarget = "none".equalsIgnoreCase(direct) ? null : HostPort.parse(direct);
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--direct: " + e.getMessage());
        }
        what = EnumSet.noneOf(Measure.class);
        for (String m : measure) {
            try {
                what.add(Measure.valueOf(m.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--measure: '" + m + "' is not rtt, bulk, parallel, build or all");
            }
        }
        if (what.contains(Measure.ALL)) {
            what = EnumSet.range(Measure.RTT, Measure.BUILD);
        }
        if (!proxyHttp.startsWith("http://") && !proxyHttp.startsWith("https://")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--proxy-http must be an http:// URL, got " + proxyHttp);
        }
    }

    /** rtt through the onion (what {@code echo-tcp} measures, through the proxy). */
    @Override
    protected Scenario scenario() {
        return viaOnion(connections, inFlight, lineSize);
    }

    private EchoTcpScenario viaOnion(int sessions, int slots, int size) {
        return new EchoTcpScenario("onion", vertx, target.unresolved(), socks.resolved(), sessions, slots, size,
                run.seed, run.connectTimeoutMillis());
    }

    private EchoTcpScenario viaDirect(int sessions, int slots, int size) {
        return new EchoTcpScenario("onion-direct", vertx, directTarget.resolved(), null, sessions, slots, size,
                run.seed, run.connectTimeoutMillis());
    }

    @Override
    public Integer call() throws Exception {
        RunReport report;
        try {
            report = execute(progress());
        } catch (TargetException e) {
            System.err.println("load-generator: " + e.getMessage());
            return 1;
        }
        OnionSummary.print(report, System.out);
        return finish(report);
    }

    /** Every measurement asked for, onion and direct, as one report (what {@code all} runs too). */
    @Override
    RunReport execute(Progress progress) throws InterruptedException {
        validate();
        RunSettings settings = settings();
        resolvable(socks.host(), "--socks");
        if (directTarget != null) {
            resolvable(directTarget.host(), "--direct");
        }
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();

        OnionReport.Rtt rtt = null;
        if (what.contains(Measure.RTT)) {
            note("rtt through the onion");
            OnionReport.Side onion = side("onion", LoadRun.execute(scenario(), settings, progress()));
            OnionReport.Side plain = null;
            if (directTarget != null) {
                note("rtt direct");
                plain = side("direct", LoadRun.execute(viaDirect(connections, inFlight, lineSize), settings, progress()));
            }
            rtt = new OnionReport.Rtt(onion, plain, OnionReport.Overhead.of(onion, plain));
        }
        OnionReport.Bulk bulk = null;
        if (what.contains(Measure.BULK)) {
            long lines = (bulkSize + bulkLineSize) / (bulkLineSize + 1); // rounded up, each line with its newline
            OnionReport.Side onion = bulk("onion", viaOnion(1, bulkWindow, bulkLineSize), lines);
            OnionReport.Side plain = directTarget == null ? null
                    : bulk("direct", viaDirect(1, bulkWindow, bulkLineSize), lines);
            Double slowdown = plain != null && onion.mbPerSecond() > 0 ? round(plain.mbPerSecond() / onion.mbPerSecond()) : null;
            bulk = new OnionReport.Bulk(bulkLineSize, lines * (bulkLineSize + 1), onion, plain, slowdown);
        }
        OnionReport.Download download = null;
        if (what.contains(Measure.DOWNLOAD)) {
            OnionReport.Side onion = download("onion", downloadTarget.unresolved(), socks.resolved());
            OnionReport.Side plain = directTarget == null ? null : download("direct", downloadDirect.resolved(), null);
            Double slowdown = plain != null && onion.mbPerSecond() > 0 ? round(plain.mbPerSecond() / onion.mbPerSecond()) : null;
            download = new OnionReport.Download(downloadSize, onion, plain, slowdown);
        }
        OnionReport.Parallel parallel = null;
        if (what.contains(Measure.PARALLEL)) {
            note("parallel: rounds of " + streams + " streams through the onion");
            OnionReport.Side onion = ParallelStreams.run("onion", viaOnion(streams, 1, lineSize), run.warmup,
                    run.duration, run.grace);
            OnionReport.Side plain = null;
            if (directTarget != null) {
                note("parallel direct");
                plain = ParallelStreams.run("direct", viaDirect(streams, 1, lineSize), run.warmup, run.duration, run.grace);
            }
            parallel = new OnionReport.Parallel(streams, onion, plain, OnionReport.Overhead.of(onion, plain));
        }
        OnionReport.Build build = null;
        if (what.contains(Measure.BUILD)) {
            note("build: new identity, then a first stream, over and over");
            build = CircuitBuilds.run(proxyHttp, viaOnion(1, 1, lineSize), run.warmup, run.duration, run.grace,
                    run.connectTimeout);
        }

        List<String> measured = what.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList();
        OnionReport onion = new OnionReport(socks.toString(), proxyHttp, target.toString(),
                directTarget == null ? null : directTarget.toString(), measured, rtt, bulk, download, parallel, build);
        RunReport report = summary(onion, settings, startedAt, System.nanoTime() - t0);
        return report.withThresholds(check(report, onion));
    }

    private OnionReport.Side bulk(String via, EchoTcpScenario scenario, long lines) throws InterruptedException {
        if (!run.warmup.isZero()) {
            note("bulk warmup " + via);
            BulkTransfer.run(via, via.equals("onion") ? viaOnion(1, bulkWindow, bulkLineSize)
                    : viaDirect(1, bulkWindow, bulkLineSize), lines, run.warmup, run.grace);
        }
        note("bulk " + via + ": " + lines + " lines of " + bulkLineSize + " characters through one stream");
        return BulkTransfer.run(via, scenario, lines, run.duration, run.grace);
    }

    private OnionReport.Side download(String via, InetSocketAddress address, InetSocketAddress proxy)
            throws InterruptedException {
        if (!run.warmup.isZero()) {
            note("download warmup " + via);
            Download.run(via, vertx, address, proxy, downloadSize, run.warmup, run.grace, run.connectTimeoutMillis());
        }
        note("download " + via + ": GET /bytes?n=" + downloadSize + " from " + address.getHostString() + ":"
                + address.getPort() + " through one stream");
        return Download.run(via, vertx, address, proxy, downloadSize, run.duration, run.grace, run.connectTimeoutMillis());
    }

    private static OnionReport.Side side(String via, RunReport r) {
        return new OnionReport.Side(via, r.requests(), r.throughput(), r.latencyMs(), null, null, null, null, r.errors());
    }

    /**
     * The top level of the report: rtt through the onion (latency, throughput) when measured, and
     * the counts and errors of every measurement together, so {@code sent == ok + failed} holds.
     */
    private RunReport summary(OnionReport onion, RunSettings settings, Instant startedAt, long elapsedNanos) {
        long sent = 0;
        long ok = 0;
        long failed = 0;
        Map<String, RunReport.ErrorCount> errors = new LinkedHashMap<>();
        for (OnionReport.Side side : onion.sides()) {
            sent += side.requests().sent();
            ok += side.requests().ok();
            failed += side.requests().failed();
            side.errors().forEach((kind, e) -> errors.merge(kind, e, (a, b) ->
                    new RunReport.ErrorCount(a.count() + b.count(), a.example() != null ? a.example() : b.example())));
        }
        OnionReport.Side main = onion.rtt() != null ? onion.rtt().onion() : null;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("measure", onion.measured());
        p.put("connections", connections);
        p.put("inFlight", inFlight);
        p.put("lineSize", lineSize);
        p.put("bulkSize", bulkSize);
        p.put("bulkLineSize", bulkLineSize);
        p.put("bulkWindow", bulkWindow);
        p.put("downloadSize", downloadSize);
        p.put("streams", streams);
        Double rate = run.rate;
        return new RunReport("onion", "socks5 " + socks + " -> " + target, settings.model().toString(), rate, p,
                startedAt.toString(), run.duration.toNanos() / 1e9, run.warmup.toNanos() / 1e9, elapsedNanos / 1e9,
                run.seed, new RunReport.Requests(sent, ok, failed),
                main != null ? main.throughput() : new RunReport.Throughput(0, 0),
                main != null ? main.latencyMs() : new RunReport.Latency(0, 0, 0, 0, 0, 0, 0),
                errors, null, List.of(), List.of(), onion, null);
    }

    private RunReport.Thresholds check(RunReport report, OnionReport onion) {
        List<String> violations = new ArrayList<>();
        Double maxP99Ms = run.maxP99 == null ? null : run.maxP99.toNanos() / 1e6;
        if (maxP99Ms != null && onion.rtt() != null && report.latencyMs().p99() > maxP99Ms) {
            violations.add(String.format(Locale.ROOT, "rtt p99 %.3f ms > --max-p99 %.3f ms", report.latencyMs().p99(), maxP99Ms));
        }
        if (run.maxErrors != null && report.errorCount() > run.maxErrors) {
            violations.add(String.format(Locale.ROOT, "%,d errors > --max-errors %,d", report.errorCount(), run.maxErrors));
        }
        check(violations, "rtt", onion.rtt() == null ? null : onion.rtt().onion());
        check(violations, "rtt", onion.rtt() == null ? null : onion.rtt().direct());
        check(violations, "bulk", onion.bulk() == null ? null : onion.bulk().onion());
        check(violations, "bulk", onion.bulk() == null ? null : onion.bulk().direct());
        check(violations, "download", onion.download() == null ? null : onion.download().onion());
        check(violations, "download", onion.download() == null ? null : onion.download().direct());
        check(violations, "parallel", onion.parallel() == null ? null : onion.parallel().onion());
        check(violations, "parallel", onion.parallel() == null ? null : onion.parallel().direct());
        check(violations, "build", onion.build() == null ? null : onion.build().firstStream());
        return new RunReport.Thresholds(maxP99Ms, run.maxErrors, violations.isEmpty(), violations);
    }

    private static void check(List<String> violations, String measurement, OnionReport.Side side) {
        if (side != null && side.requests().ok() == 0) {
            violations.add("no request succeeded: " + measurement + " " + side.via());
        }
    }

    private void note(String what) {
        if (!run.noProgress) {
            System.err.println("onion: " + what);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
