package lab.onion.load.cli;

import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import lab.onion.load.model.LoadRun;
import lab.onion.load.model.RunSettings;
import lab.onion.load.report.CpuTimeProbe;
import lab.onion.load.report.HtmlReport;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.SummaryTable;
import lab.onion.load.scenario.EchoTcpScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "cgroups", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The lecture's CPU-share demonstration with real services: the same echo-tcp load on two echo",
                "copies at once (compose profile cgroups: echo-low, cpu_shares 20, and echo-high, cpu_shares 80, both",
                "pinned to CPU 0). Long lines (--line-size 16384) make the servers, not the client, need the CPU.",
                "Reports each copy's throughput and the CPU time it used in the measured window, read from its own",
                "metrics (process_cpu_time_ns_total at <url>/q/metrics), and the ratios high : low (expect about 4).",
                "Exit 1 when a side had no successful request or its CPU time could not be read."})
public class CgroupsCommand implements Callable<Integer> {

    @Option(names = "--low", defaultValue = "echo-low:8081", paramLabel = "HOST:PORT",
            description = "The copy with the small share, its TCP line port (default: ${DEFAULT-VALUE}).")
    String low;

    @Option(names = "--high", defaultValue = "echo-high:8081", paramLabel = "HOST:PORT",
            description = "The copy with the large share, its TCP line port (default: ${DEFAULT-VALUE}).")
    String high;

    @Option(names = "--low-http", defaultValue = "http://echo-low:8080", paramLabel = "URL",
            description = "The low copy's HTTP base URL, for its metrics (default: ${DEFAULT-VALUE}).")
    URI lowHttp;

    @Option(names = "--high-http", defaultValue = "http://echo-high:8080", paramLabel = "URL",
            description = "The high copy's HTTP base URL, for its metrics (default: ${DEFAULT-VALUE}).")
    URI highHttp;

    @Option(names = {"-c", "--connections"}, defaultValue = "8", description = "TCP connections to each copy (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", defaultValue = "8", description = "Lines outstanding per connection (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--line-size", defaultValue = "16384", description = "Characters per line (default: ${DEFAULT-VALUE}).")
    int lineSize;

    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    @Inject
    Vertx vertx;

    /**
     * One copy: where it is, its run, and the CPU time it used over the measured window.
     *
     * @param cpuSeconds     CPU time the copy's process used in the measured window; null when it could not be read
     * @param windowSeconds  wall time between the two readings
     * @param cpuUtilization {@code cpuSeconds / windowSeconds}: 1.0 is one full CPU
     */
    public record Side(String name, String target, String metrics, Double cpuSeconds, Double windowSeconds,
                       Double cpuUtilization, double okPerSecond, String cpuError, RunReport run) {
    }

    /**
     * The JSON report of {@code cgroups}.
     *
     * @param cpuRatio        high's CPU time over low's (about 4 with shares 80 and 20)
     * @param throughputRatio high's ok/s over low's
     * @param highCpuShare    high's part of the CPU time the two used, 0..1 (about 0.8)
     */
    public record CgroupsReport(String scenario, Side low, Side high, Double cpuRatio, Double throughputRatio,
                                Double highCpuShare, boolean passed, List<String> problems) {
    }

    @Override
    public Integer call() throws Exception {
        positive("--connections", connections);
        positive("--in-flight", inFlight);
        positive("--line-size", lineSize);
        RunSettings settings = run.settings(spec, run.model(spec));
        InetSocketAddress lowAddress;
        InetSocketAddress highAddress;
        try {
            lowAddress = address(low, "--low");
            highAddress = address(high, "--high");
        } catch (ScenarioCommand.TargetException e) {
            System.err.println("load-generator: " + e.getMessage());
            return 1;
        }

        // Both at once: the point is that the two copies compete for the same CPU.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Measured> lowRun = pool.submit(() -> measure("low", lowAddress, lowHttp, settings));
            Future<Measured> highRun = pool.submit(() -> measure("high", highAddress, highHttp, settings));
            CgroupsReport report = report(lowRun.get(), highRun.get());
            SummaryTable.print(report.low().run(), System.out);
            System.out.println();
            SummaryTable.print(report.high().run(), System.out);
            System.out.println();
            print(report);
            HtmlReport page = new HtmlReport("cgroups: CPU shares, echo-low and echo-high");
            page.table("CPU time and throughput over the measured window", header(), rows(report));
            page.paragraph(conclusion(report));
            page.run("low", report.low().run()).run("high", report.high().run());
            boolean written = ScenarioCommand.writeJson(run.json, report) & ScenarioCommand.writeHtml(run.html, page);
            return report.passed() && written ? 0 : 1;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Measured(String name, String metrics, RunReport run, CpuTimeProbe.Window cpu) {
    }

    private Measured measure(String name, InetSocketAddress address, URI http, RunSettings settings) throws InterruptedException {
        EchoTcpScenario scenario = new EchoTcpScenario(vertx, address, connections, inFlight, lineSize, run.seed,
                run.connectTimeoutMillis());
        CpuTimeProbe probe = new CpuTimeProbe(http);
        CpuTimeProbe.Window window = probe.window();
        RunReport report = LoadRun.execute(scenario, settings, new Progress(System.err, false, !run.noProgress, name), window);
        report = report.withThresholds(ScenarioCommand.check(run, report));
        return new Measured(name, probe.uri().toString(), report, window);
    }

    static CgroupsReport report(Measured low, Measured high) {
        Side l = side(low);
        Side h = side(high);
        List<String> problems = new ArrayList<>();
        for (Side s : List.of(l, h)) {
            if (s.cpuError() != null) {
                problems.add(s.name() + ": " + s.cpuError());
            }
            if (!s.run().thresholds().passed()) {
                problems.add(s.name() + ": " + String.join("; ", s.run().thresholds().violations()));
            }
        }
        Double cpuRatio = l.cpuSeconds() != null && h.cpuSeconds() != null && l.cpuSeconds() > 0 ? h.cpuSeconds() / l.cpuSeconds() : null;
        Double share = l.cpuSeconds() != null && h.cpuSeconds() != null && l.cpuSeconds() + h.cpuSeconds() > 0
                ? h.cpuSeconds() / (l.cpuSeconds() + h.cpuSeconds()) : null;
        Double throughputRatio = l.okPerSecond() > 0 ? h.okPerSecond() / l.okPerSecond() : null;
        return new CgroupsReport("cgroups", l, h, cpuRatio, throughputRatio, share, problems.isEmpty(), problems);
    }

    private static Side side(Measured m) {
        CpuTimeProbe.Window w = m.cpu();
        Double cpu = w.cpuSeconds();
        Double window = w.wallSeconds();
        Double utilization = cpu != null && window != null && window > 0 ? cpu / window : null;
        return new Side(m.name(), m.run().target(), m.metrics(), cpu, window, utilization,
                m.run().throughput().okPerSecond(), w.error(), m.run());
    }

    private static List<String> header() {
        return List.of("copy", "target", "lines/s", "CPU s", "CPU %", "share of CPU time");
    }

    private static List<List<String>> rows(CgroupsReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (Side s : List.of(r.low(), r.high())) {
            Double share = r.highCpuShare() == null ? null : s == r.high() ? r.highCpuShare() : 1 - r.highCpuShare();
            rows.add(List.of(s.name(), s.target(), fmt("%,.1f", s.okPerSecond()),
                    s.cpuSeconds() == null ? "-" : fmt("%.2f", s.cpuSeconds()),
                    s.cpuUtilization() == null ? "-" : fmt("%.1f %%", 100 * s.cpuUtilization()),
                    share == null ? "-" : fmt("%.1f %%", 100 * share)));
        }
        rows.add(List.of("high : low", "", r.throughputRatio() == null ? "-" : fmt("%.2f x", r.throughputRatio()),
                r.cpuRatio() == null ? "-" : fmt("%.2f x", r.cpuRatio()), "", ""));
        return rows;
    }

    private static String conclusion(CgroupsReport r) {
        String expected = "With cpu_shares 20 and 80 on one contended CPU, expect about 4 x (80 %) for high.";
        if (!r.passed()) {
            return expected + " Problems: " + String.join("; ", r.problems());
        }
        return expected;
    }

    private static void print(CgroupsReport r) {
        StringBuilder b = new StringBuilder("cgroups      CPU time read from each copy's process_cpu_time_ns_total over its measured window")
                .append(System.lineSeparator());
        b.append(fmt("%-12s %-28s %12s %8s %8s %18s%n", (Object[]) header().toArray(String[]::new)));
        for (List<String> row : rows(r)) {
            b.append(fmt("%-12s %-28s %12s %8s %8s %18s%n", row.toArray()));
        }
        b.append(conclusion(r)).append(System.lineSeparator());
        System.out.print(b);
        System.out.flush();
    }

    private void positive(String option, long value) {
        if (value <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be > 0, got " + value);
        }
    }

    private InetSocketAddress address(String value, String option) {
        int colon = value.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port <= 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected HOST:PORT, got '" + value + "'");
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ScenarioCommand.TargetException("unknown host '" + host + "' (" + option + ")");
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
